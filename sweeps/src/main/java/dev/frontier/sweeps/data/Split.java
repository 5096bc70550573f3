package dev.frontier.sweeps.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A dataset split into a training and a validation part, shuffled from a seed, with optional rescaling of the
 * features by the training part's statistics alone (the validation part never informs them).
 */
public record Split(Dataset train, Dataset validation) {

    /** Examples held out for validation: {@code round(n * fraction)}, at least one, leaving at least one. */
    public static int validationCount(int n, double fraction) {
        long k = Math.round(n * fraction);
        return (int) Math.max(1, Math.min(n - 1, k));
    }

    public static Split of(Dataset data, double fraction, long seed) {
        if (data.rows() < 2) throw new IllegalArgumentException("need at least 2 examples to split, got " + data.rows());
        int[] order = permutation(data.rows(), new Random(seed));
        int v = validationCount(data.rows(), fraction);
        return new Split(data.rows(Arrays.copyOfRange(order, v, order.length), data.name() + "/train"),
                data.rows(Arrays.copyOfRange(order, 0, v), data.name() + "/validation"));
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), identical for the same generator state. */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Both parts z-scored with the training part's mean and (population) standard deviation; constant features keep scale 1. */
    public Split standardized() {
        int f = train.features();
        double[] mean = new double[f];
        double[] m2 = new double[f];
        for (int r = 0; r < train.rows(); r++) {
            for (int j = 0; j < f; j++) {
                double v = train.get(r, j);
                double d = v - mean[j];
                mean[j] += d / (r + 1);
                m2[j] += d * (v - mean[j]);
            }
        }
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            double s = Math.sqrt(m2[j] / train.rows());
            std[j] = s > 1e-12 ? s : 1.0;
        }
        return new Split(scale(train, mean, std), scale(validation, mean, std));
    }

    /**
     * Both parts with every feature mapped by the training part's minimum and maximum, {@code (x - min) / (max - min)}:
     * the training part into [0, 1], validation values outside its range beyond it; constant features become 0.
     */
    public Split minMaxScaled() {
        int f = train.features();
        double[] min = new double[f];
        double[] range = new double[f];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        double[] max = new double[f];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < train.rows(); r++) {
            for (int j = 0; j < f; j++) {
                min[j] = Math.min(min[j], train.get(r, j));
                max[j] = Math.max(max[j], train.get(r, j));
            }
        }
        for (int j = 0; j < f; j++) {
            range[j] = max[j] - min[j] > 1e-12 ? max[j] - min[j] : 1.0;
        }
        return new Split(scale(train, min, range), scale(validation, min, range));
    }

    /** Both parts with every feature multiplied by {@code factor}. */
    public Split scaledBy(double factor) {
        return new Split(times(train, factor), times(validation, factor));
    }

    private static Dataset times(Dataset d, double factor) {
        float[] x = new float[d.x().length];
        for (int i = 0; i < x.length; i++) x[i] = (float) (d.x()[i] * factor);
        return new Dataset(d.name(), d.rows(), d.features(), d.classes(), x, d.labels(), d.featureNames(),
                d.classNames(), d.targets());
    }

    private static Dataset scale(Dataset d, double[] mean, double[] std) {
        float[] x = new float[d.x().length];
        for (int r = 0; r < d.rows(); r++) {
            for (int j = 0; j < d.features(); j++) {
                x[r * d.features() + j] = (float) ((d.get(r, j) - mean[j]) / std[j]);
            }
        }
        return new Dataset(d.name(), d.rows(), d.features(), d.classes(), x, d.labels(), d.featureNames(),
                d.classNames(), d.targets());
    }
}
