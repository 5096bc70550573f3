package dev.frontier.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written backward pass against central finite differences of the forward pass, in double precision. */
class NetworkGradientTest {
    static List<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (Network.Norm n : Network.Norm.values()) cases.add(Arguments.of(a, n));
        }
        return cases;
    }

    static INDArray randomInputs(Random r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 1.5;
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    static INDArray oneHot(Random r, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) y.putScalar(i, r.nextInt(classes), 1.0);
        return y;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("networks")
    void backwardMatchesFiniteDifferences(Activation activation, Network.Norm norm) {
        Random r = new Random(42);
        Network net = new Network(3, List.of(5, 4), 3, activation, norm, DataType.DOUBLE);
        net.initialize(r);
        // move the norm scales and shifts off 1 and 0 so their gradients are exercised in general position
        INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) p.putScalar(i, p.getDouble(i) + 0.1 * r.nextGaussian());
        INDArray x = randomInputs(r, 7, 3);
        INDArray y = oneHot(r, 7, 3);

        net.trainingLoss(x, y);
        net.backward(y);
        INDArray analytic = net.grads().dup();

        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < p.length(); i++) {
            double original = p.getDouble(i);
            p.putScalar(i, original + h);
            double plus = net.trainingLoss(x, y);
            p.putScalar(i, original - h);
            double minus = net.trainingLoss(x, y);
            p.putScalar(i, original);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getDouble(i);
            double error = Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric));
            worst = Math.max(worst, error);
            assertTrue(error < 1e-5, "parameter " + i + ": analytic " + a + ", numeric " + numeric);
        }
        assertTrue(worst < 1e-5);
    }

    @Test
    void parameterViewsShareTheFlatArray() {
        Network net = new Network(2, List.of(3), 2, Activation.RELU, Network.Norm.BATCHNORM, DataType.DOUBLE);
        // 2*3 + 3 + 3 + 3 (gamma, beta) + 3*2 + 2
        assertEquals(23, net.size());
        net.initialize(new Random(1));
        double sum = net.params().sumNumber().doubleValue();
        net.params().addi(1.0);
        assertEquals(sum + 23, net.params().sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void initializationFollowsHeAndGlorot() {
        int width = 400;
        Network relu = new Network(200, List.of(width), 10, Activation.RELU, Network.Norm.LAYERNORM, DataType.DOUBLE);
        relu.initialize(new Random(3));
        INDArray w1 = relu.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200 * width));
        assertEquals(Math.sqrt(2.0 / 200), w1.stdNumber().doubleValue(), 0.002, "He-normal");
        INDArray b1 = relu.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(200 * width, 201 * width));
        assertEquals(0.0, b1.norm1Number().doubleValue(), "zero biases");
        INDArray gamma = relu.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(201 * width, 202 * width));
        assertEquals(width, gamma.sumNumber().doubleValue(), 1e-9, "norm scale 1");
        Network tanh = new Network(200, List.of(width), 10, Activation.TANH, Network.Norm.NONE, DataType.DOUBLE);
        tanh.initialize(new Random(3));
        INDArray t1 = tanh.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200 * width));
        assertEquals(Math.sqrt(2.0 / (200 + width)), t1.stdNumber().doubleValue(), 0.002, "Glorot-normal");
    }

    @Test
    void batchNormKeepsRunningStatisticsLikePyTorch() {
        Network net = new Network(2, List.of(2), 2, Activation.LINEAR, Network.Norm.BATCHNORM, DataType.DOUBLE);
        net.initialize(new Random(5));
        INDArray x = randomInputs(new Random(6), 4, 2);
        INDArray y = oneHot(new Random(7), 4, 2);
        net.trainingLoss(x, y);
        INDArray z = x.mmul(net.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).reshape(2, 2));
        INDArray mean = z.mean(0);
        INDArray unbiasedVar = z.var(true, 0);
        List<INDArray> stats = net.runningStatistics();
        for (int j = 0; j < 2; j++) {
            assertEquals(0.1 * mean.getDouble(j), stats.get(0).getDouble(0, j), 1e-12);
            assertEquals(0.9 + 0.1 * unbiasedVar.getDouble(j), stats.get(1).getDouble(0, j), 1e-12);
        }
    }
}
