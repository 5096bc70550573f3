package dev.frontier.worker;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialPacks;
import dev.frontier.sweeps.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The sharpness of a network at initialization: the largest eigenvalue of the Hessian of its training loss (the mean
 * over a few fixed minibatches), by power iteration on Hessian-vector products, each a central difference of two
 * gradients computed in double. For gradient descent on a quadratic, training diverges once the learning rate exceeds
 * 2 / sharpness (with heavy-ball momentum β, (2 + 2β) / sharpness), which is what the report sets beside the observed
 * frontier.
 */
final class Sharpness {
    /** Power iterations, at most; they stop earlier once the estimate moves by less than {@link #CONVERGED}. */
    static final int ITERATIONS = 30;
    static final double CONVERGED = 1e-4;
    /** The finite-difference step along a unit direction. */
    static final double STEP = 1e-4;
    private static final int KEPT = 64;
    private static final Map<List<Object>, Double> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Double> eldest) {
            return size() > KEPT;
        }
    };

    /** Parameters that do not change a trial's start or its loss there, so trials differing in them share λ. */
    static final List<String> TRAINING_ONLY = List.of(Param.OPTIMIZER, Param.WEIGHT_DECAY, Param.EPSILON,
            Param.OPTIMIZER_FORM, Param.STEPS, Param.LOSS_FACTOR, Param.STALL_RATIO, Param.STALL_BASELINE,
            Param.TARGET_LOSS, Param.TIMEOUT_SECONDS).stream().map(Param::key).toList();

    private Sharpness() {
    }

    /**
     * The largest eigenvalue of the symmetric operator {@code hvp} on vectors of {@code n}: power iteration finds the
     * eigenvalue of largest magnitude; when that one is negative, a second power iteration on {@code H - μI} (μ that
     * eigenvalue, so every eigenvalue of the shifted operator is at least 0) finds the largest, plus μ.
     */
    static double topEigenvalue(UnaryOperator<double[]> hvp, int n, long seed) {
        double dominant = dominantEigenvalue(hvp, n, seed);
        if (dominant >= 0) return dominant;
        UnaryOperator<double[]> shifted = v -> {
            double[] hv = hvp.apply(v);
            for (int i = 0; i < n; i++) hv[i] -= dominant * v[i];
            return hv;
        };
        return dominantEigenvalue(shifted, n, seed + 1) + dominant;
    }

    /**
     * The eigenvalue of largest magnitude (signed) of {@code hvp}, by power iteration from a direction drawn from
     * {@code seed}: the Rayleigh quotient {@code v·Hv} of the last unit direction.
     */
    static double dominantEigenvalue(UnaryOperator<double[]> hvp, int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextGaussian();
        normalize(v);
        double lambda = 0;
        for (int k = 0; k < ITERATIONS; k++) {
            double[] hv = hvp.apply(v);
            double rayleigh = dot(v, hv);
            double norm = Math.sqrt(dot(hv, hv));
            if (norm == 0 || !Double.isFinite(norm)) return rayleigh;
            for (int i = 0; i < n; i++) v[i] = hv[i] / norm;
            boolean done = k > 0 && Math.abs(rayleigh - lambda) <= CONVERGED * Math.abs(rayleigh);
            lambda = rayleigh;
            if (done) break;
        }
        return lambda;
    }

    /** {@code u -> D^-1/2 H D^-1/2 u} for the operator {@code hvp} (H) and the diagonal {@code d}; H itself for null. */
    static UnaryOperator<double[]> preconditioned(UnaryOperator<double[]> hvp, double[] d) {
        if (d == null) return hvp;
        return u -> {
            double[] w = new double[u.length];
            for (int i = 0; i < u.length; i++) w[i] = u[i] / Math.sqrt(d[i]);
            double[] hw = hvp.apply(w);
            for (int i = 0; i < u.length; i++) hw[i] /= Math.sqrt(d[i]);
            return hw;
        };
    }

    /** The Hessian-vector product of {@code gradient} at {@code theta} along {@code v}, by a central difference. */
    static double[] hessianVector(UnaryOperator<double[]> gradient, double[] theta, double[] v) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            plus[i] += STEP * v[i];
            minus[i] -= STEP * v[i];
        }
        double[] gp = gradient.apply(plus);
        double[] gm = gradient.apply(minus);
        double[] hv = new double[theta.length];
        for (int i = 0; i < hv.length; i++) hv[i] = (gp[i] - gm[i]) / (2 * STEP);
        return hv;
    }

    /**
     * The sharpness at initialization of trial {@code c}, whose initial parameters are {@code initial} (one member's
     * row), on the first {@code batches} minibatches of a fixed shuffle of the training split ({@code x},
     * {@code y}); kept for the trials that share the configuration and seed (their learning rates differ, their
     * start does not).
     */
    static double atInit(TrialConfig c, INDArray initial, INDArray x, INDArray y, int features, int classes) {
        Map<String, Object> start = new LinkedHashMap<>(TrialPacks.key(c));
        start.keySet().removeAll(TRAINING_ONLY);
        List<Object> key = List.of(start, c.seed(), features, classes);
        synchronized (RECENT) {
            Double known = RECENT.get(key);
            if (known != null) return known;
        }
        double lambda = at(c, initial, x, y, features, classes);
        synchronized (RECENT) {
            RECENT.put(key, lambda);
        }
        return lambda;
    }

    /**
     * The sharpness of trial {@code c}'s network at {@code params} (one member's row), on the same minibatches as
     * {@link #atInit}; not kept, since after the first step it depends on the trial's own path.
     */
    static double at(TrialConfig c, INDArray params, INDArray x, INDArray y, int features, int classes) {
        return at(c, params, x, y, features, classes, null);
    }

    /**
     * The same, preconditioned by the diagonal {@code scale} (D) when it is not null: the top eigenvalue of {@code D^-1 H}
     * (Adam's preconditioned sharpness, Cohen et al. 2022), computed as that of the symmetric
     * {@code D^-1/2 H D^-1/2}, which has the same eigenvalues.
     */
    static double at(TrialConfig c, INDArray params, INDArray x, INDArray y, int features, int classes,
                     double[] scale) {
        int batches = c.sharpnessBatches();
        PackedModel net = c.modelType().equals("cnn")
                ? new PackedCnn(features, c.channels(), c.kernel(), c.dense(), classes, Activation.of(c.activation()),
                PackedCnn.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), DataType.DOUBLE, 1)
                : new PackedMlp(features, c.hidden(), classes, Activation.of(c.activation()),
                PackedMlp.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), DataType.DOUBLE, 1,
                c.regression());
        try {
            int rows = (int) x.size(0);
            int batch = Math.min(c.batchSize(), rows);
            Random order = new Random(TrialRunner.streamSeed(c.seed(), 3));
            List<INDArray[]> data = new ArrayList<>();
            int[] perm = Split.permutation(rows, order);
            for (int b = 0; b < batches && (b + 1) * batch <= rows; b++) {
                int[] idx = Arrays.copyOfRange(perm, b * batch, (b + 1) * batch);
                INDArray bx = Nd4j.pullRows(x, 1, idx).castTo(DataType.DOUBLE);
                INDArray by = Nd4j.pullRows(y, 1, idx).castTo(DataType.DOUBLE);
                data.add(new INDArray[]{bx, by.reshape(1, by.size(0), by.size(1))});
            }
            double[] theta = params.castTo(DataType.DOUBLE).toDoubleVector();
            UnaryOperator<double[]> gradient = t -> {
                net.params().getRow(0).assign(Nd4j.createFromArray(t));
                double[] sum = new double[t.length];
                for (INDArray[] d : data) {
                    net.trainingLoss(new INDArray[]{d[0]}, d[1]);
                    net.backward(d[1]);
                    double[] g = net.grads().getRow(0).toDoubleVector();
                    for (int i = 0; i < sum.length; i++) sum[i] += g[i] / data.size();
                }
                return sum;
            };
            return topEigenvalue(preconditioned(v -> hessianVector(gradient, theta, v), scale), theta.length,
                    TrialRunner.streamSeed(c.seed(), 4));
        } finally {
            net.close();
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) v[i] /= norm;
    }
}
