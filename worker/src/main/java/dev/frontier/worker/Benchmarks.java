package dev.frontier.worker;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's measurements for {@code frontier bench}: the machine's single-thread matrix-product speed through ND4J
 * (the limit a training step is held against), and the time a training step takes per pack member. Each call
 * returns one sample; the caller repeats and summarizes.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** GFLOP/s of one {@code n × n} float matrix product on the calling thread (one BLAS thread). */
    public static double sgemmGflops(int n) {
        Nd4jRuntime.ensureReady();
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        long start = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double seconds = (System.nanoTime() - start) / 1e9;
        return 2.0 * n * n * n / seconds / 1e9;
    }

    /**
     * The reference network of the benchmark: 64 inputs, three hidden layers of 256, 10 classes, batch 128, on the
     * built-in teacher data; {@code steps} steps of {@code optimizer} with {@code normalization}.
     */
    public static TrialConfig reference(String optimizer, String normalization, int steps) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.BUILTIN, "teacher");
        m.put(Param.FEATURES, 64);
        m.put(Param.CLASSES, 10);
        m.put(Param.SAMPLES, 2000);
        m.put(Param.HIDDEN, List.of(256, 256, 256));
        m.put(Param.BATCH_SIZE, 128);
        m.put(Param.STEPS, steps);
        m.put(Param.OPTIMIZER, optimizer);
        m.put(Param.NORMALIZATION, normalization);
        m.put(Param.LEARNING_RATE, 1e-3);
        return TrialConfig.resolve(m);
    }

    /**
     * The reference CNN of the benchmark, {@code examples/cnn.yaml}'s: 16 × 16 built-in shapes of 5 classes, two
     * 3 × 3 blocks of 8 and 16 channels, a dense layer of 32, batch 32; {@code steps} steps of {@code optimizer} with
     * {@code normalization}.
     */
    public static TrialConfig referenceCnn(String optimizer, String normalization, int steps) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.BUILTIN, "shapes");
        m.put(Param.CLASSES, 5);
        m.put(Param.SAMPLES, 1000);
        m.put(Param.MODEL_TYPE, "cnn");
        m.put(Param.CHANNELS, List.of(8, 16));
        m.put(Param.KERNEL, 3);
        m.put(Param.DENSE, List.of(32));
        m.put(Param.BATCH_SIZE, 32);
        m.put(Param.STEPS, steps);
        m.put(Param.OPTIMIZER, optimizer);
        m.put(Param.NORMALIZATION, normalization);
        m.put(Param.LEARNING_RATE, 1e-2);
        return TrialConfig.resolve(m);
    }

    /**
     * Useful floating-point operations of one training step of {@code c}'s network: the matrix products of the
     * forward pass, of the weight gradients and of the input gradients (all but the first layer's), two per
     * multiply-add. Elementwise work is not counted.
     */
    public static double stepFlops(TrialConfig c, int features, int classes) {
        if (c.modelType().equals("cnn")) return cnnStepFlops(c, features, classes);
        double macs = 0;
        double first = 0;
        int in = features;
        List<Integer> widths = new ArrayList<>(c.hidden());
        widths.add(classes);
        for (int w : widths) {
            if (first == 0) first = (double) in * w;
            macs += (double) in * w;
            in = w;
        }
        return 2.0 * c.batchSize() * (3 * macs - first);
    }

    /** The same for the CNN: its convolutions (as matrix products) and dense layers, forward and backward. */
    private static double cnnStepFlops(TrialConfig c, int features, int classes) {
        int side = PackedCnn.side(features);
        double macs = 0;
        double first = 0;
        int in = 1;
        int k = c.kernel();
        for (int out : c.channels()) {
            double conv = (double) side * side * out * in * k * k;
            if (first == 0) first = conv;
            macs += conv;
            in = out;
            side /= 2;
        }
        List<Integer> widths = new ArrayList<>(c.dense());
        widths.add(classes);
        int flat = in * side * side;
        for (int w : widths) {
            macs += (double) flat * w;
            flat = w;
        }
        return 2.0 * c.batchSize() * (3 * macs - first);
    }

    /**
     * Seconds per member and step of training a pack of {@code members} trials of {@code c} (learning rates spread
     * over a decade below {@code c}'s, so none diverges), whole trials included: set-up, every step and validation.
     */
    public static double secondsPerMemberStep(TrialConfig c, int members) {
        List<TrialConfig> pack = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            pack.add(c.with(Param.LEARNING_RATE, c.learningRate() * Math.pow(10, -i / (double) Math.max(1, members))));
        }
        long start = System.nanoTime();
        List<TrialResult> results = TrialRunner.run(pack, null, TrialRunner.Context.LOCAL);
        double seconds = (System.nanoTime() - start) / 1e9;
        long steps = 0;
        for (TrialResult r : results) {
            if (r.message() != null) throw new IllegalStateException("a benchmark trial failed: " + r.message());
            steps += r.stepsRun();
        }
        return seconds / steps;
    }
}
