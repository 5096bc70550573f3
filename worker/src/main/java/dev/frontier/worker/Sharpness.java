package dev.frontier.worker;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialPacks;
import dev.frontier.sweeps.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * The sharpness of a network at initialization: the largest eigenvalue of the Hessian of its training loss (the mean
 * over a few fixed minibatches), by Lanczos iteration on Hessian-vector products, each a central difference of two
 * gradients computed in double. For gradient descent on a quadratic, training diverges once the learning rate exceeds
 * 2 / sharpness (with heavy-ball momentum β, (2 + 2β) / sharpness), which is what the report sets beside the observed
 * frontier.
 */
final class Sharpness {
    /** Lanczos iterations (Hessian-vector products), at most; they stop earlier at a residual of {@link #CONVERGED}. */
    static final int ITERATIONS = 40;
    static final double CONVERGED = 1e-3;
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
     * The largest eigenvalue of the symmetric operator {@code hvp} on vectors of {@code n}, by Lanczos iteration
     * with full reorthogonalization from a direction drawn from {@code seed}: the largest eigenvalue of the
     * tridiagonal projection (its Ritz value), once its residual falls below {@link #CONVERGED} of it, or after
     * {@link #ITERATIONS} products. Unlike power iteration it finds the top of a spectrum whose largest magnitude is
     * negative, and it does not stall when the top eigenvalue is barely apart from the next.
     */
    static double topEigenvalue(UnaryOperator<double[]> hvp, int n, long seed) {
        Random random = new Random(seed);
        int most = Math.min(ITERATIONS, n);
        double[][] basis = new double[most][];
        double[] alpha = new double[most];
        double[] beta = new double[most];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextGaussian();
        normalize(v);
        double top = Double.NaN;
        for (int k = 0; k < most; k++) {
            basis[k] = v;
            double[] w = hvp.apply(v);
            if (!finite(w)) return Double.NaN;
            alpha[k] = dot(w, v);
            for (int pass = 0; pass < 2; pass++) { // full reorthogonalization, twice for rounding
                for (int j = 0; j <= k; j++) {
                    double c = dot(w, basis[j]);
                    for (int i = 0; i < n; i++) w[i] -= c * basis[j][i];
                }
            }
            beta[k] = Math.sqrt(dot(w, w));
            double[] ritz = topRitz(alpha, beta, k + 1);
            top = ritz[0];
            // the residual of the top Ritz pair is beta_k times the last component of its eigenvector
            if (beta[k] * Math.abs(ritz[1]) <= CONVERGED * Math.abs(top) || beta[k] == 0) break;
            v = new double[n];
            for (int i = 0; i < n; i++) v[i] = w[i] / beta[k];
        }
        return top;
    }

    /**
     * The largest eigenvalue of the symmetric tridiagonal matrix with diagonal {@code alpha} and off-diagonal
     * {@code beta} (its first {@code k} rows), and the last component of its unit eigenvector, by ND4J's LAPACK.
     */
    private static double[] topRitz(double[] alpha, double[] beta, int k) {
        double[][] t = new double[k][k];
        for (int i = 0; i < k; i++) {
            t[i][i] = alpha[i];
            if (i + 1 < k) t[i][i + 1] = t[i + 1][i] = beta[i];
        }
        INDArray a = Nd4j.createFromArray(t);
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(a, true);
        int best = values.argMax().getInt(0);
        return new double[]{values.getDouble(best), a.getDouble(k - 1, best)};
    }

    private static boolean finite(double[] w) {
        for (double x : w) if (!Double.isFinite(x)) return false;
        return true;
    }

    /**
     * {@code u -> D^-1/2 H D^-1/2 u} for the operator {@code hvp} (H) and the diagonal {@code d}; H itself for null.
     * An infinite entry of {@code d} leaves its coordinate out: H restricted to the others.
     */
    static UnaryOperator<double[]> preconditioned(UnaryOperator<double[]> hvp, double[] d) {
        if (d == null) return hvp;
        return u -> {
            double[] w = new double[u.length];
            for (int i = 0; i < u.length; i++) w[i] = Double.isInfinite(d[i]) ? 0 : u[i] / Math.sqrt(d[i]);
            double[] hw = hvp.apply(w);
            for (int i = 0; i < u.length; i++) hw[i] = Double.isInfinite(d[i]) ? 0 : hw[i] / Math.sqrt(d[i]);
            return hw;
        };
    }

    /** The Hessian-vector product of {@code gradient} at {@code theta} along {@code v}, by a central difference. */
    static double[] hessianVector(UnaryOperator<double[]> gradient, double[] theta, double[] v) {
        return hessianVector(gradient, theta, v, STEP);
    }

    /** The same with the finite-difference step {@code step}. */
    static double[] hessianVector(UnaryOperator<double[]> gradient, double[] theta, double[] v, double step) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            plus[i] += step * v[i];
            minus[i] -= step * v[i];
        }
        double[] gp = gradient.apply(plus);
        double[] gm = gradient.apply(minus);
        double[] hv = new double[theta.length];
        for (int i = 0; i < hv.length; i++) hv[i] = (gp[i] - gm[i]) / (2 * step);
        return hv;
    }

    /**
     * The sharpness at initialization of trial {@code c}, whose initial parameters are {@code initial} (one member's
     * row), on the first {@code batches} minibatches of a fixed shuffle of the training split ({@code x},
     * {@code y}); kept for the trials that share the configuration and seed (their learning rates differ, their
     * start does not).
     */
    static double atInit(TrialConfig c, INDArray initial, INDArray x, INDArray y, int features, int classes) {
        return cached(c, features, classes, "plain", () -> at(c, initial, x, y, features, classes));
    }

    /**
     * Adam's preconditioned sharpness at initialization: the top eigenvalue of {@code D^-1 H} at the start, with
     * {@code D = sqrt(v) + eps} and {@code v} each parameter's mean squared gradient over the same minibatches, the
     * second moment Adam's first steps estimate before the weights have moved far; kept like {@link #atInit}, per
     * {@code eps}. A parameter whose gradient is exactly zero on every minibatch (a weight into a unit no example
     * reaches) takes no step, so it is left out rather than divided by eps alone.
     */
    static double preconditionedAtInit(TrialConfig c, INDArray initial, INDArray x, INDArray y, int features,
                                       int classes, double eps) {
        return cached(c, features, classes, eps, () -> {
            try (Probe probe = new Probe(c, initial, x, y, features, classes)) {
                double[] v = new double[probe.theta.length];
                for (int b = 0; b < probe.data.size(); b++) {
                    double[] g = probe.gradient(probe.theta, b);
                    for (int i = 0; i < v.length; i++) v[i] += g[i] * g[i] / probe.data.size();
                }
                double[] scale = new double[v.length];
                for (int i = 0; i < v.length; i++) scale[i] = frozen(v[i]) + eps;
                return probe.topEigenvalue(scale);
            }
        });
    }

    /** {@code sqrt(v)}, or infinity (left out of the preconditioned operator) where the second moment is zero. */
    static double frozen(double v) {
        return v == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(v);
    }

    private static double cached(TrialConfig c, int features, int classes, Object kind,
                                 DoubleSupplier measure) {
        Map<String, Object> start = new LinkedHashMap<>(TrialPacks.key(c));
        start.keySet().removeAll(TRAINING_ONLY);
        List<Object> key = List.of(start, c.seed(), features, classes, kind);
        synchronized (RECENT) {
            Double known = RECENT.get(key);
            if (known != null) return known;
        }
        double lambda = measure.getAsDouble();
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
     * {@code D^-1/2 H D^-1/2}, which has the same eigenvalues; an infinite entry leaves its parameter out.
     */
    static double at(TrialConfig c, INDArray params, INDArray x, INDArray y, int features, int classes,
                     double[] scale) {
        try (Probe probe = new Probe(c, params, x, y, features, classes)) {
            return probe.topEigenvalue(scale);
        }
    }

    /**
     * A copy of one member's network in double at fixed parameters, with the minibatches its loss is averaged over:
     * the first {@code sharpness.batches} of a fixed shuffle of the training split, the same for every probe of a
     * seed.
     */
    private static final class Probe implements AutoCloseable {
        final PackedModel net;
        final List<INDArray[]> data = new ArrayList<>();
        /** Each minibatch's kinks, held where they are at the probe's point. */
        final List<Kinks> kinks = new ArrayList<>();
        final double[] theta;
        final long seed;

        Probe(TrialConfig c, INDArray params, INDArray x, INDArray y, int features, int classes) {
            net = c.modelType().equals("cnn")
                    ? new PackedCnn(features, c.channels(), c.kernel(), c.dense(), classes,
                    Activation.of(c.activation()), PackedCnn.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)),
                    DataType.DOUBLE, 1)
                    : new PackedMlp(features, c.hidden(), classes, Activation.of(c.activation()),
                    PackedMlp.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), DataType.DOUBLE, 1,
                    c.regression());
            int rows = (int) x.size(0);
            int batch = Math.min(c.batchSize(), rows);
            Random order = new Random(TrialRunner.streamSeed(c.seed(), 3));
            int[] perm = Split.permutation(rows, order);
            for (int b = 0; b < c.sharpnessBatches() && (b + 1) * batch <= rows; b++) {
                int[] idx = Arrays.copyOfRange(perm, b * batch, (b + 1) * batch);
                INDArray bx = Nd4j.pullRows(x, 1, idx).castTo(DataType.DOUBLE);
                INDArray by = Nd4j.pullRows(y, 1, idx).castTo(DataType.DOUBLE);
                data.add(new INDArray[]{bx, by.reshape(1, by.size(0), by.size(1))});
            }
            theta = params.castTo(DataType.DOUBLE).toDoubleVector();
            seed = TrialRunner.streamSeed(c.seed(), 4);
            for (int b = 0; b < data.size(); b++) kinks.add(new Kinks());
        }

        /**
         * The gradient of the loss on minibatch {@code b} at {@code t}, with that minibatch's kinks held where they are
         * at {@link #theta} (the first gradient of each minibatch must be there: it records them).
         */
        double[] gradient(double[] t, int b) {
            INDArray[] d = data.get(b);
            net.holdKinks(kinks.get(b));
            net.params().getRow(0).assign(Nd4j.createFromArray(t));
            net.trainingLoss(new INDArray[]{d[0]}, d[1]);
            net.backward(d[1]);
            return net.grads().getRow(0).toDoubleVector();
        }

        /** The gradient of the mean loss over the minibatches at {@code t}. */
        double[] gradient(double[] t) {
            double[] sum = new double[t.length];
            for (int b = 0; b < data.size(); b++) {
                double[] g = gradient(t, b);
                for (int i = 0; i < sum.length; i++) sum[i] += g[i] / data.size();
            }
            return sum;
        }

        double topEigenvalue(double[] scale) {
            gradient(theta); // records the kinks
            return Sharpness.topEigenvalue(preconditioned(v -> hessianVector(this::gradient, theta, v), scale),
                    theta.length, seed);
        }

        @Override
        public void close() {
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
