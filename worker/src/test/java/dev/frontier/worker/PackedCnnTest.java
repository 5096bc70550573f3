package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CNN's hand-written backward pass against central finite differences of its loss, in double. */
class PackedCnnTest {
    static INDArray[] batch(int rows, int side, int classes, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][side * side];
        double[][][] y = new double[1][rows][classes];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < side * side; j++) x[i][j] = r.nextGaussian();
            y[0][i][r.nextInt(classes)] = 1;
        }
        return new INDArray[]{Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    @ParameterizedTest(name = "{0}, {1}, side {2}")
    @CsvSource({"none, relu, 8", "batchnorm, tanh, 8", "layernorm, gelu, 9", "groupnorm, tanh, 8",
            "batchnorm, linear, 7"})
    void theGradientMatchesFiniteDifferences(String norm, String activation, int side) {
        Nd4jRuntime.ensureReady();
        PackedCnn net = new PackedCnn(side * side, List.of(4, 6), 3, List.of(5), 3, Activation.of(activation),
                PackedCnn.Norm.valueOf(norm.toUpperCase()), DataType.DOUBLE, 1);
        net.initialize(0, new Random(2));
        INDArray[] b = batch(5, side, 3, 9);
        INDArray[] x = {b[0]};
        net.trainingLoss(x, b[1]);
        net.backward(b[1]);
        double[] analytic = net.grads().toDoubleVector();
        assertEquals(PackedCnn.parameterCount(side * side, List.of(4, 6), 3, List.of(5), 3, !norm.equals("none")),
                analytic.length);
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < analytic.length; i++) {
            double v = net.params().getDouble(0, i);
            net.params().putScalar(0, i, v + 1e-6);
            double up = net.trainingLoss(x, b[1])[0];
            net.params().putScalar(0, i, v - 1e-6);
            double down = net.trainingLoss(x, b[1])[0];
            net.params().putScalar(0, i, v);
            double numeric = (up - down) / 2e-6;
            double scale = Math.abs(numeric) + Math.abs(analytic[i]);
            if (scale > 1e-7) {
                worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
                checked++;
            }
        }
        assertTrue(checked > analytic.length / 2, "most gradients are not zero: " + checked);
        assertTrue(worst < 1e-5, "worst relative error " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"none", "batchnorm"})
    void aPerturbedBackwardPassWouldBeCaught(String norm) {
        Nd4jRuntime.ensureReady();
        PackedCnn net = new PackedCnn(64, List.of(3), 3, List.of(), 2, Activation.TANH,
                PackedCnn.Norm.valueOf(norm.toUpperCase()), DataType.DOUBLE, 1);
        net.initialize(0, new Random(4));
        INDArray[] b = batch(4, 8, 2, 1);
        INDArray[] x = {b[0]};
        net.trainingLoss(x, b[1]);
        net.backward(b[1]);
        double analytic = net.grads().getDouble(0, 0) * 1.01;
        double v = net.params().getDouble(0, 0);
        net.params().putScalar(0, 0, v + 1e-6);
        double up = net.trainingLoss(x, b[1])[0];
        net.params().putScalar(0, 0, v - 1e-6);
        double down = net.trainingLoss(x, b[1])[0];
        double numeric = (up - down) / 2e-6;
        assertTrue(Math.abs(numeric - analytic) / Math.abs(numeric) > 1e-3, "a 1% error is seen");
    }

    static TrialConfig cnn(String norm, double lr, int seed) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.MODEL_TYPE, "cnn");
        m.put(Param.CHANNELS, List.of(4, 8));
        m.put(Param.DENSE, List.of(16));
        m.put(Param.BUILTIN, "shapes");
        m.put(Param.FEATURES, 144);
        m.put(Param.SAMPLES, 300);
        m.put(Param.STEPS, 25);
        m.put(Param.BATCH_SIZE, 16);
        m.put(Param.NORMALIZATION, norm);
        m.put(Param.OPTIMIZER, "adam");
        m.put(Param.LEARNING_RATE, lr);
        m.put(Param.SEED, seed);
        return TrialConfig.resolve(m);
    }

    /** A CNN member trains bit for bit as it does alone, whatever shares its pack, and learns the shapes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"none", "batchnorm", "layernorm", "groupnorm"})
    void aCnnMemberIsBitIdenticalAloneAndInAPack(String norm) {
        List<TrialConfig> pack = List.of(cnn(norm, 0.01, 0), cnn(norm, 50.0, 1),
                cnn(norm, 0.003, 2));
        List<TrialResult> together = TrialRunner.run(pack, null, TrialRunner.Context.LOCAL);
        for (int i = 0; i < pack.size(); i++) {
            TrialResult alone = TrialRunner.run(pack.get(i));
            assertEquals(PackedTrainingTest.numbers(alone), PackedTrainingTest.numbers(together.get(i)), "member " + i);
        }
        assertEquals(Outcome.DIVERGED, together.get(1).outcome(), together.get(1)::toString);
        assertTrue(together.get(0).finalLoss() < 0.7 * together.get(0).initialLoss(), together.get(0)::toString);
    }
}
