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
    void powerIterationFindsTheTopEigenvalueOfAKnownSpectrum() {
        double[][] a = withSpectrum(new double[]{7.5, 3, 2, 1, 0.5, -1, 0.1, 0.01}, 3);
        double lambda = Sharpness.topEigenvalue(v -> times(a, v), 8, 11);
        assertEquals(7.5, lambda, 7.5e-3);
    }

    /** When the eigenvalue of largest magnitude is negative, the largest (most positive) one is still found. */
    @Test
    void aDominantNegativeEigenvalueIsShiftedAway() {
        double[][] a = withSpectrum(new double[]{-9, 3, 2, 1, 0.5, -1, 0.1, 0.01}, 4);
        assertEquals(-9, Sharpness.dominantEigenvalue(v -> times(a, v), 8, 2), 9e-3);
        assertEquals(3, Sharpness.topEigenvalue(v -> times(a, v), 8, 2), 3e-2);
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
        assertEquals(null, adam.metric(TrialResult.SHARPNESS_AT_INIT), "Adam has nothing to precondition with at init");
        assertTrue(adam.metric(TrialResult.preconditionedSharpnessAtStep(10)) > 0, adam::toString);
    }
}
