package dev.frontier.sweeps.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic datasets: the same arguments give the same examples, bit for bit, on every machine
 * (they use {@link java.util.Random}, whose algorithm the JDK specifies).
 */
public enum Builtin {
    /** Interleaved spiral arms in the plane, one per class; features beyond 2 are Gaussian noise. */
    SPIRALS("spirals") {
        @Override
        Dataset generate(int samples, int features, int classes, long seed) {
            Random random = new Random(seed);
            float[] x = new float[samples * features];
            int[] labels = new int[samples];
            for (int i = 0; i < samples; i++) {
                int k = i % classes;
                double r = (double) (i / classes) / Math.max(1, (samples - 1) / classes);
                double t = 4.0 * k + 4.0 * r + 0.2 * random.nextGaussian();
                x[i * features] = (float) (r * Math.sin(t));
                x[i * features + 1] = (float) (r * Math.cos(t));
                for (int j = 2; j < features; j++) x[i * features + j] = (float) (0.5 * random.nextGaussian());
                labels[i] = k;
            }
            return dataset(key(), samples, features, classes, x, labels);
        }
    },
    /** Gaussian clusters of unit variance around class centres drawn from N(0, 2.5^2). */
    BLOBS("blobs") {
        @Override
        Dataset generate(int samples, int features, int classes, long seed) {
            Random random = new Random(seed);
            double[][] centres = new double[classes][features];
            for (double[] c : centres) for (int j = 0; j < features; j++) c[j] = 2.5 * random.nextGaussian();
            float[] x = new float[samples * features];
            int[] labels = new int[samples];
            for (int i = 0; i < samples; i++) {
                int k = i % classes;
                for (int j = 0; j < features; j++) {
                    x[i * features + j] = (float) (centres[k][j] + random.nextGaussian());
                }
                labels[i] = k;
            }
            return dataset(key(), samples, features, classes, x, labels);
        }
    },
    /**
     * Standard normal inputs labelled by a random teacher network (features -> 64 tanh -> classes, Gaussian weights
     * scaled by 1/sqrt(fan-in)): the label is the teacher's argmax.
     */
    TEACHER("teacher") {
        @Override
        Dataset generate(int samples, int features, int classes, long seed) {
            Random random = new Random(seed);
            int width = 64;
            double[][] w1 = gaussian(random, features, width, 1.0 / Math.sqrt(features));
            double[][] w2 = gaussian(random, width, classes, 1.0 / Math.sqrt(width));
            float[] x = new float[samples * features];
            int[] labels = new int[samples];
            double[] in = new double[features];
            double[] hidden = new double[width];
            for (int i = 0; i < samples; i++) {
                for (int j = 0; j < features; j++) {
                    in[j] = random.nextGaussian();
                    x[i * features + j] = (float) in[j];
                }
                for (int h = 0; h < width; h++) {
                    double s = 0;
                    for (int j = 0; j < features; j++) s += in[j] * w1[j][h];
                    hidden[h] = Math.tanh(s);
                }
                int best = 0;
                double bestLogit = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double s = 0;
                    for (int h = 0; h < width; h++) s += hidden[h] * w2[h][k];
                    if (s > bestLogit) {
                        bestLogit = s;
                        best = k;
                    }
                }
                labels[i] = best;
            }
            return dataset(key(), samples, features, classes, x, labels);
        }

        private double[][] gaussian(Random random, int rows, int cols, double scale) {
            double[][] m = new double[rows][cols];
            for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = scale * random.nextGaussian();
            return m;
        }
    },
    /**
     * Square grey images ({@code features} pixels: 256 is 16 × 16, row by row, values in [0, 1]) of one drawn shape
     * each, at a random place and size, over faint noise: class 0 a horizontal bar, 1 a vertical bar, 2 a square
     * outline, 3 a filled disk, 4 a diagonal cross, up to 5 classes. Nearby pixels go together, as in real images,
     * so a convolutional net has something to find.
     */
    SHAPES("shapes") {
        @Override
        Dataset generate(int samples, int features, int classes, long seed) {
            int side = side(features);
            Random random = new Random(seed);
            float[] x = new float[samples * features];
            int[] labels = new int[samples];
            for (int i = 0; i < samples; i++) {
                int k = i % classes;
                labels[i] = k;
                int size = side / 3 + random.nextInt(Math.max(1, side / 2 - side / 3 + 1));
                int top = random.nextInt(side - size + 1);
                int left = random.nextInt(side - size + 1);
                double ink = 0.6 + 0.4 * random.nextDouble();
                for (int r = 0; r < side; r++) {
                    for (int c = 0; c < side; c++) {
                        int u = r - top;
                        int v = c - left;
                        boolean inside = u >= 0 && v >= 0 && u < size && v < size;
                        boolean on = inside && switch (k) {
                            case 0 -> Math.abs(u - size / 2) <= size / 8;
                            case 1 -> Math.abs(v - size / 2) <= size / 8;
                            case 2 -> u == 0 || v == 0 || u == size - 1 || v == size - 1;
                            case 3 -> square(u - (size - 1) / 2.0) + square(v - (size - 1) / 2.0)
                                    <= square(size / 2.0);
                            default -> Math.abs(u - v) <= 0 || Math.abs(u + v - (size - 1)) <= 0;
                        };
                        double noise = 0.1 * random.nextDouble();
                        x[i * features + r * side + c] = (float) Math.min(1, (on ? ink : 0) + noise);
                    }
                }
            }
            return dataset(key(), samples, features, classes, x, labels);
        }

        private static double square(double v) {
            return v * v;
        }
    };

    /** The most classes {@code shapes} draws. */
    public static final int SHAPES_CLASSES = 5;

    /** The side of a square image of {@code pixels} pixels, or an exception when there is none of at least 8. */
    public static int side(int pixels) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels || side < 8) {
            throw new IllegalArgumentException("shapes are square images of at least 8 × 8: features must be a "
                    + "square such as 64, 256 or 784, got " + pixels);
        }
        return side;
    }

    private final String key;

    Builtin(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    abstract Dataset generate(int samples, int features, int classes, long seed);

    /**
     * A regression dataset: standard normal inputs and, as the target, the scalar output of a random teacher network
     * (features → 64 tanh → 1, Gaussian weights scaled by 1/sqrt(fan-in)) plus noise of standard deviation 0.1. Only
     * {@code teacher} has one.
     */
    public static Dataset regression(String key, int samples, int features, long seed) {
        if (!key.equals(TEACHER.key)) throw new IllegalArgumentException("only teacher has a regression target, not "
                + key);
        Random random = new Random(seed);
        int width = 64;
        double[][] w1 = new double[features][width];
        for (double[] row : w1) for (int j = 0; j < width; j++) row[j] = random.nextGaussian() / Math.sqrt(features);
        double[] w2 = new double[width];
        for (int j = 0; j < width; j++) w2[j] = random.nextGaussian() / Math.sqrt(width);
        float[] x = new float[samples * features];
        float[] y = new float[samples];
        double[] in = new double[features];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < features; j++) {
                in[j] = random.nextGaussian();
                x[i * features + j] = (float) in[j];
            }
            double out = 0;
            for (int h = 0; h < width; h++) {
                double s = 0;
                for (int j = 0; j < features; j++) s += in[j] * w1[j][h];
                out += Math.tanh(s) * w2[h];
            }
            y[i] = (float) (out + 0.1 * random.nextGaussian());
        }
        return Dataset.regression(key, samples, features, x, y, Dataset.numberedNames("x", features), "y");
    }

    /** The dataset named {@code key} ({@code spirals}, {@code blobs}, {@code teacher}, {@code shapes}). */
    public static Dataset generate(String key, int samples, int features, int classes, long seed) {
        Builtin b = Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in dataset " + key));
        return b.generate(samples, features, classes, seed);
    }

    private static Dataset dataset(String key, int samples, int features, int classes, float[] x, int[] labels) {
        return new Dataset(key, samples, features, classes, x, labels,
                Dataset.numberedNames("x", features), Dataset.numberedNames("class", classes));
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Builtin::key).toList();
    }
}
