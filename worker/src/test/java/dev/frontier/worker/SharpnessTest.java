package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Power iteration, Hessian-vector products, and the critical learning rate they predict against training itself. */
class SharpnessTest {
    /** A symmetric matrix with eigenvalues {@code spectrum}, rotated by a random orthogonal basis. */
    static double[][] withSpectrum(double[] spectrum, long seed) {
        int n = spectrum.length;
        Random r = new Random(seed);
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) q[i][j] = r.nextGaussian();
            for (int k = 0; k < j; k++) { // Gram-Schmidt
                double d = 0;
                for (int i = 0; i < n; i++) d += q[i][j] * q[i][k];
                for (int i = 0; i < n; i++) q[i][j] -= d * q[i][k];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i][j] * q[i][j];
            for (int i = 0; i < n; i++) q[i][j] /= Math.sqrt(norm);
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) a[i][j] += q[i][k] * spectrum[k] * q[j][k];
            }
        }
        return a;
    }

    static double[] times(double[][] a, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < v.length; j++) out[i] += a[i][j] * v[j];
        return out;
    }

    @Test
    void theTopEigenvalueOfAKnownSpectrumIsFound() {
        double[][] a = withSpectrum(new double[]{7.5, 3, 2, 1, 0.5, -1, 0.1, 0.01}, 3);
        double lambda = Sharpness.topEigenvalue(v -> times(a, v), 8, 11);
        assertEquals(7.5, lambda, 7.5e-3);
    }

    /** When the eigenvalue of largest magnitude is negative, the largest (most positive) one is still found. */
    @Test
    void theTopOfASpectrumDominatedByANegativeEigenvalueIsFound() {
        double[][] a = withSpectrum(new double[]{-9, 3, 2, 1, 0.5, -1, 0.1, 0.01}, 4);
        assertEquals(3, Sharpness.topEigenvalue(v -> times(a, v), 8, 2), 3e-3);
    }

    /**
     * A network's Hessian at init: a small top eigenvalue just apart from the next, above a bulk of negative ones
     * larger in magnitude. Power iteration, shifted, is still 3% off after 40 products here; Lanczos finds the top.
     */
    @Test
    void theTopOfAClusteredIndefiniteSpectrumIsFoundInFewProducts() {
        int n = 60;
        double[] spectrum = new double[n];
        Random r = new Random(6);
        spectrum[0] = 0.5;
        spectrum[1] = 0.47;
        for (int i = 2; i < n; i++) spectrum[i] = i % 3 == 0 ? -2 - 0.2 * r.nextDouble() : 0.4 * r.nextDouble();
        double[][] a = withSpectrum(spectrum, 7);
        int[] products = {0};
        double top = Sharpness.topEigenvalue(v -> {
            products[0]++;
            return times(a, v);
        }, n, 3);
        assertEquals(0.5, top, 0.5e-3);
        assertTrue(products[0] <= Sharpness.ITERATIONS, "products: " + products[0]);
    }

    /** On a small operator the iteration ends once the Krylov space is the whole space, exactly. */
    @Test
    void anOperatorSmallerThanTheIterationsIsSolvedExactly() {
        double[][] a = withSpectrum(new double[]{2, -3, 1}, 9);
        assertEquals(2, Sharpness.topEigenvalue(v -> times(a, v), 3, 1), 1e-9);
    }

    @Test
    void aHessianVectorProductOfTheGradientOfAQuadraticIsTheMatrixTimesTheVector() {
        double[][] a = withSpectrum(new double[]{4, 2, 1, 0.5}, 5);
        double[] theta = {0.3, -1, 2, 0.5};
        // f(x) = x·Ax / 2 + x³ / 3 elementwise: gradient Ax + x², Hessian A + diag(2x)
        UnaryOperator<double[]> gradient = x -> {
            double[] g = times(a, x);
            for (int i = 0; i < x.length; i++) g[i] += x[i] * x[i];
            return g;
        };
        double[] v = {1, 0.5, -0.25, 2};
        double[] hv = Sharpness.hessianVector(gradient, theta, v);
        double[] expected = times(a, v);
        for (int i = 0; i < v.length; i++) expected[i] += 2 * theta[i] * v[i];
        for (int i = 0; i < v.length; i++) assertEquals(expected[i], hv[i], 1e-6);
    }

    /** For a linear model and the mean squared error, the Hessian is 2/n [X 1]ᵀ[X 1], whatever the weights. */
    @Test
    void theNetworksHessianVectorProductMatchesTheExactHessianOfALinearRegression() {
        Nd4jRuntime.ensureReady();
        int n = 12;
        int f = 3;
        Random r = new Random(8);
        double[][] x = new double[n][f];
        double[][][] y = new double[1][n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) x[i][j] = r.nextGaussian();
            y[0][i][0] = r.nextGaussian();
        }
        PackedMlp net = new PackedMlp(f, List.of(), 1, Activation.LINEAR, PackedMlp.Norm.NONE, DataType.DOUBLE, 1,
                true);
        net.initialize(0, new Random(1));
        INDArray xs = Nd4j.createFromArray(x);
        INDArray ys = Nd4j.createFromArray(y);
        UnaryOperator<double[]> gradient = t -> {
            net.params().getRow(0).assign(Nd4j.createFromArray(t));
            net.trainingLoss(new INDArray[]{xs}, ys);
            net.backward(ys);
            return net.grads().getRow(0).toDoubleVector();
        };
        double[] theta = net.params().getRow(0).toDoubleVector();
        double[] v = {0.5, -1, 0.25, 2}; // w (3), then b
        double[] hv = Sharpness.hessianVector(gradient, theta, v);
        for (int a = 0; a <= f; a++) {
            double expected = 0;
            for (int b = 0; b <= f; b++) {
                double h = 0;
                for (int i = 0; i < n; i++) h += (a < f ? x[i][a] : 1) * (b < f ? x[i][b] : 1);
                expected += 2.0 / n * h * v[b];
            }
            assertEquals(expected, hv[a], 1e-6, "row " + a);
        }
    }

    static TrialConfig linear(String optimizer, double lr) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.TASK, "regression");
        m.put(Param.BUILTIN, "teacher");
        m.put(Param.FEATURES, 4);
        m.put(Param.SAMPLES, 200);
        m.put(Param.HIDDEN, List.of());
        m.put(Param.ACTIVATION, "linear");
        m.put(Param.BATCH_SIZE, 160); // the whole training split: full-batch gradient descent
        m.put(Param.STEPS, 200);
        m.put(Param.OPTIMIZER, optimizer);
        m.put(Param.LEARNING_RATE, lr);
        m.put(Param.SHARPNESS_BATCHES, 1);
        return TrialConfig.resolve(m);
    }

    /**
     * Full-batch gradient descent on a linear regression is a quadratic: it trains below 2 / λ and diverges above it
     * (heavy-ball momentum 0.9: 3.8 / λ), at the resolution of a 0.1-decade search (a factor 1.26 either way).
     */
    @Test
    void thePredictedCriticalLearningRateOfALinearRegressionIsWhereTrainingDiverges() {
        TrialResult probe = TrialRunner.run(linear("sgd", 1e-4));
        double lambda = probe.metric(TrialResult.SHARPNESS_AT_INIT);
        assertTrue(lambda > 0, "a linear regression's Hessian is positive: " + lambda);
        for (String optimizer : List.of("sgd", "momentum")) {
            double critical = (optimizer.equals("sgd") ? 2 : 2 + 2 * Optimizer.MOMENTUM) / lambda;
            TrialResult below = TrialRunner.run(linear(optimizer, critical / 1.26));
            TrialResult above = TrialRunner.run(linear(optimizer, critical * 1.26));
            assertEquals(Outcome.CONVERGED, below.outcome(), optimizer + " below: " + below);
            assertEquals(Outcome.DIVERGED, above.outcome(), optimizer + " above: " + above);
            assertEquals(lambda, below.metric(TrialResult.SHARPNESS_AT_INIT), 1e-9 * lambda,
                    "measured once per configuration and seed, whatever the learning rate");
        }
    }

    /** A linear regression's Hessian does not depend on its weights: probed later in training, λ is the same. */
    @Test
    void theTrajectoryOfAQuadraticsSharpnessIsFlat() {
        TrialConfig c = linear("sgd", 0.01).with(Param.SHARPNESS_AT, List.of(20, 100));
        TrialResult r = TrialRunner.run(c);
        double init = r.metric(TrialResult.SHARPNESS_AT_INIT);
        assertEquals(init, r.metric(TrialResult.sharpnessAtStep(20)), 1e-6 * init);
        assertEquals(init, r.metric(TrialResult.sharpnessAtStep(100)), 1e-6 * init);
        TrialResult mlp = TrialRunner.run(TrialRunnerTest.config(Param.LEARNING_RATE, 0.5, Param.OPTIMIZER, "sgd",
                Param.SHARPNESS_BATCHES, 2, Param.SHARPNESS_AT, List.of(30)));
        assertTrue(mlp.metric(TrialResult.sharpnessAtStep(30)) != null, mlp::toString);
        assertTrue(!mlp.metric(TrialResult.sharpnessAtStep(30)).equals(mlp.metric(TrialResult.SHARPNESS_AT_INIT)),
                "a network's curvature moves as it trains: " + mlp.metrics());
    }

    /** Preconditioned by D, the top eigenvalue is that of D⁻¹H: for diagonal H and D, the largest h / d. */
    @Test
    void thePreconditionedSharpnessIsTheTopEigenvalueOfDInverseH() {
        double[] h = {4, 1, 9, 0.5};
        double[] d = {1, 0.1, 10, 0.01};
        double lambda = Sharpness.topEigenvalue(Sharpness.preconditioned(v -> {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) out[i] = h[i] * v[i];
            return out;
        }, d), 4, 3);
        assertEquals(50, lambda, 0.05, "0.5 / 0.01");
        TrialResult adam = TrialRunner.run(TrialRunnerTest.config(Param.LEARNING_RATE, 0.01, Param.OPTIMIZER, "adam",
                Param.SHARPNESS_BATCHES, 2, Param.SHARPNESS_AT, List.of(0, 10)));
        assertTrue(adam.metric(TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT) > 0, adam::toString);
        assertTrue(adam.metric(TrialResult.preconditionedSharpnessAtStep(10)) > 0, adam::toString);
    }

    /** An infinite entry of D leaves its coordinate out: the top eigenvalue is that of H without its row and column. */
    @Test
    void aFrozenCoordinateIsLeftOutOfThePreconditionedOperator() {
        double[][] a = withSpectrum(new double[]{5, 2, 1}, 12);
        double[] d = {Double.POSITIVE_INFINITY, 1, 1};
        double lambda = Sharpness.topEigenvalue(Sharpness.preconditioned(v -> times(a, v), d), 3, 2);
        // the top eigenvalue of the lower-right 2×2 block
        double p = a[1][1], q = a[2][2], o = a[1][2];
        assertEquals((p + q) / 2 + Math.sqrt((p - q) * (p - q) / 4 + o * o), lambda, 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, Sharpness.frozen(0));
        assertEquals(0.5, Sharpness.frozen(0.25));
    }

    /**
     * Adam's preconditioned sharpness at init for a full-batch linear regression, against the formula: H = 2/n AᵀA with
     * A = [X 1], D = |g| + eps with g = 2/n Aᵀ(Aθ - y) (one minibatch: its mean squared gradient is g²), and the
     * top eigenvalue of D^-1/2 H D^-1/2 written out.
     */
    @Test
    void adamsPreconditionedSharpnessAtInitIsThatOfTheFormula() {
        Nd4jRuntime.ensureReady();
        int n = 12;
        int f = 3;
        Random r = new Random(21);
        double[][] x = new double[n][f];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) x[i][j] = r.nextGaussian() * (j + 1);
            y[i][0] = r.nextGaussian();
        }
        double[] theta = {0.4, -0.2, 0.1, 0.3};
        double eps = 1e-8;
        double[] g = new double[f + 1];
        double[][] h = new double[f + 1][f + 1];
        for (int i = 0; i < n; i++) {
            double[] a = {x[i][0], x[i][1], x[i][2], 1};
            double residual = -y[i][0];
            for (int j = 0; j <= f; j++) residual += a[j] * theta[j];
            for (int j = 0; j <= f; j++) {
                g[j] += 2.0 / n * a[j] * residual;
                for (int k = 0; k <= f; k++) h[j][k] += 2.0 / n * a[j] * a[k];
            }
        }
        double[][] m = new double[f + 1][f + 1];
        for (int j = 0; j <= f; j++) {
            for (int k = 0; k <= f; k++) m[j][k] = h[j][k] / Math.sqrt((Math.abs(g[j]) + eps) * (Math.abs(g[k]) + eps));
        }
        double expected = Sharpness.topEigenvalue(v -> times(m, v), f + 1, 1);
        TrialConfig c = linear("adam", 1e-3).with(Param.FEATURES, f).with(Param.SEED, 77);
        double measured = Sharpness.preconditionedAtInit(c, Nd4j.createFromArray(new double[][]{theta}),
                Nd4j.createFromArray(x), Nd4j.createFromArray(y), f, 1, eps);
        assertEquals(expected, measured, 1e-6 * expected);
    }

    /**
     * Full-batch Adam on a linear regression (a quadratic): well below 38 / λ_pre it trains without a spike, well
     * above it diverges; and wherever it trains, learning rate × λ_pre rises as the second moments shrink with the
     * gradient, and settles near 38: Adam's adaptive edge of stability (Cohen et al. 2022).
     */
    @Test
    void fullBatchAdamOnALinearRegressionSettlesAtItsAdaptiveEdgeOfStability() {
        double pre = TrialRunner.run(linear("adam", 1e-4)).metric(TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT);
        double critical = (2 + 2 * 0.9) / (1 - 0.9) / pre;
        TrialResult below = TrialRunner.run(linear("adam", critical / 2));
        TrialResult above = TrialRunner.run(linear("adam", critical * 2));
        assertEquals(Outcome.CONVERGED, below.outcome(), below::toString);
        assertTrue(below.metric(TrialResult.PEAK_LOSS_RATIO) < TrialResult.CATAPULT_RISE, below::toString);
        assertEquals(Outcome.DIVERGED, above.outcome(), above::toString);
        for (double share : new double[]{0.1, 0.5}) {
            double lr = critical * share;
            TrialResult r = TrialRunner.run(linear("adam", lr).with(Param.STEPS, 3000)
                    .with(Param.SHARPNESS_AT, List.of(10, 2000, 2999)));
            double early = lr * r.metric(TrialResult.preconditionedSharpnessAtStep(10));
            assertTrue(early < 10, "LR × λ_pre starts below the edge: " + early);
            for (int step : List.of(2000, 2999)) {
                double edge = lr * r.metric(TrialResult.preconditionedSharpnessAtStep(step));
                assertEquals(38, edge, 0.15 * 38, "at " + share + " of the prediction, step " + step);
            }
        }
    }
}
