package dev.frontier.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written backward pass of packed members against central finite differences of the forward pass, in double
 * precision, and the members' independence of each other.
 */
class PackedMlpTest {
    static final int MEMBERS = 3;
    static final int ROWS = 7;

    static List<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (PackedMlp.Norm n : PackedMlp.Norm.values()) cases.add(Arguments.of(a, n));
        }
        return cases;
    }

    static INDArray randomInputs(Random r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 1.5;
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    static INDArray oneHot(Random r, int members, int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, members, rows, classes);
        for (int p = 0; p < members; p++) {
            for (int i = 0; i < rows; i++) y.putScalar(new long[]{p, i, r.nextInt(classes)}, 1.0);
        }
        return y;
    }

    /** A pack of three members with different weights and batches, norm scales and shifts off 1 and 0. */
    static PackedMlp pack(Activation activation, PackedMlp.Norm norm, Random r) {
        PackedMlp net = new PackedMlp(3, List.of(5, 4), 3, activation, norm, DataType.DOUBLE, MEMBERS);
        for (int p = 0; p < MEMBERS; p++) net.initialize(p, new Random(100 + p));
        INDArray params = net.params();
        for (int p = 0; p < MEMBERS; p++) {
            for (long i = 0; i < net.size(); i++) {
                params.putScalar(p, i, params.getDouble(p, i) + 0.1 * r.nextGaussian());
            }
        }
        return net;
    }

    static INDArray[] batches(Random r) {
        INDArray[] x = new INDArray[MEMBERS];
        for (int p = 0; p < MEMBERS; p++) x[p] = randomInputs(r, ROWS, 3);
        return x;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("networks")
    void eachMembersGradientMatchesFiniteDifferences(Activation activation, PackedMlp.Norm norm) {
        Random r = new Random(42);
        PackedMlp net = pack(activation, norm, r);
        INDArray[] x = batches(r);
        INDArray y = oneHot(r, MEMBERS, ROWS, 3);
        net.trainingLoss(x, y);
        net.backward(y);
        INDArray analytic = net.grads().dup();
        INDArray p = net.params();
        double h = 1e-6;
        for (int member = 0; member < MEMBERS; member++) {
            for (long i = 0; i < net.size(); i++) {
                double original = p.getDouble(member, i);
                p.putScalar(member, i, original + h);
                double[] plus = net.trainingLoss(x, y);
                p.putScalar(member, i, original - h);
                double[] minus = net.trainingLoss(x, y);
                p.putScalar(member, i, original);
                double numeric = (plus[member] - minus[member]) / (2 * h);
                double a = analytic.getDouble(member, i);
                double error = Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric));
                assertTrue(error < 1e-5, "member " + member + " parameter " + i + ": analytic " + a + ", numeric "
                        + numeric);
                for (int other = 0; other < MEMBERS; other++) {
                    if (other != member) {
                        assertEquals(plus[other], minus[other], 0.0, "member " + other + "'s loss moved with member "
                                + member + "'s parameter " + i);
                    }
                }
            }
        }
    }

    @Test
    void aMemberComputesWhatItComputesAloneAndAfterThePackShrinks() {
        Random r = new Random(8);
        PackedMlp packed = pack(Activation.GELU, PackedMlp.Norm.BATCHNORM, r);
        INDArray[] x = batches(r);
        INDArray y = oneHot(r, MEMBERS, ROWS, 3);
        double[] losses = packed.trainingLoss(x, y);
        packed.backward(y);

        PackedMlp alone = new PackedMlp(3, List.of(5, 4), 3, Activation.GELU, PackedMlp.Norm.BATCHNORM,
                DataType.DOUBLE, 1);
        alone.params().assign(packed.params().getRow(2));
        double[] aloneLoss = alone.trainingLoss(new INDArray[]{x[2]}, y.get(NDArrayIndex.interval(2, 3)).dup());
        alone.backward(y.get(NDArrayIndex.interval(2, 3)).dup());
        assertEquals(losses[2], aloneLoss[0], 0.0);
        assertArrayEquals(packed.grads().getRow(2).toDoubleVector(), alone.grads().getRow(0).toDoubleVector(), 0.0);

        packed.keep(new int[]{2, 0});
        assertEquals(2, packed.members());
        double[] after = packed.trainingLoss(new INDArray[]{x[2], x[0]},
                Nd4j.concat(0, y.get(NDArrayIndex.interval(2, 3)), y.get(NDArrayIndex.interval(0, 1))));
        double[] aloneAgain = alone.trainingLoss(new INDArray[]{x[2]}, y.get(NDArrayIndex.interval(2, 3)).dup());
        assertEquals(aloneAgain[0], after[0], 0.0, "kept rows carry their parameters and running statistics");
        assertArrayEquals(alone.runningStatistics().get(0).toDoubleVector(),
                packed.runningStatistics().get(0).getRow(0).toDoubleVector(), 0.0);
    }

    @Test
    void parameterCountMatchesTheLayout() {
        PackedMlp net = new PackedMlp(2, List.of(3), 2, Activation.RELU, PackedMlp.Norm.BATCHNORM, DataType.DOUBLE, 2);
        // 2*3 + 3 + 3 + 3 (gamma, beta) + 3*2 + 2
        assertEquals(23, net.size());
        assertEquals(23, PackedMlp.parameterCount(2, List.of(3), 2, true));
        assertEquals(List.of(2L, 23L), List.of(net.params().size(0), net.params().size(1)));
    }

    @Test
    void initializationFollowsHeAndGlorot() {
        int width = 400;
        PackedMlp relu = new PackedMlp(200, List.of(width), 10, Activation.RELU, PackedMlp.Norm.LAYERNORM,
                DataType.DOUBLE, 2);
        relu.initialize(1, new Random(3));
        INDArray row = relu.params().getRow(1);
        assertEquals(0.0, relu.params().getRow(0).norm1Number().doubleValue(), "member 0 untouched");
        INDArray w1 = row.get(NDArrayIndex.interval(0, 200 * width));
        assertEquals(Math.sqrt(2.0 / 200), w1.stdNumber().doubleValue(), 0.002, "He-normal");
        INDArray b1 = row.get(NDArrayIndex.interval(200 * width, 201 * width));
        assertEquals(0.0, b1.norm1Number().doubleValue(), "zero biases");
        INDArray gamma = row.get(NDArrayIndex.interval(201 * width, 202 * width));
        assertEquals(width, gamma.sumNumber().doubleValue(), 1e-9, "norm scale 1");
        PackedMlp tanh = new PackedMlp(200, List.of(width), 10, Activation.TANH, PackedMlp.Norm.NONE,
                DataType.DOUBLE, 1);
        tanh.initialize(0, new Random(3));
        INDArray t1 = tanh.params().getRow(0).get(NDArrayIndex.interval(0, 200 * width));
        assertEquals(Math.sqrt(2.0 / (200 + width)), t1.stdNumber().doubleValue(), 0.002, "Glorot-normal");
    }

    @Test
    void batchNormKeepsRunningStatisticsLikePyTorch() {
        PackedMlp net = new PackedMlp(2, List.of(2), 2, Activation.LINEAR, PackedMlp.Norm.BATCHNORM,
                DataType.DOUBLE, 2);
        net.initialize(0, new Random(5));
        net.initialize(1, new Random(6));
        INDArray[] x = {randomInputs(new Random(6), 4, 2), randomInputs(new Random(7), 4, 2)};
        net.trainingLoss(x, oneHot(new Random(7), 2, 4, 2));
        List<INDArray> stats = net.runningStatistics();
        for (int p = 0; p < 2; p++) {
            INDArray z = x[p].mmul(net.params().getRow(p).get(NDArrayIndex.interval(0, 4)).reshape(2, 2));
            INDArray mean = z.mean(0);
            INDArray unbiasedVar = z.var(true, 0);
            for (int j = 0; j < 2; j++) {
                assertEquals(0.1 * mean.getDouble(j), stats.get(0).getDouble(p, j), 1e-12);
                assertEquals(0.9 + 0.1 * unbiasedVar.getDouble(j), stats.get(1).getDouble(p, j), 1e-12);
            }
        }
    }

    /** The regression network: squared error against a target, its gradient against finite differences. */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("networks")
    void aRegressionMembersGradientMatchesFiniteDifferences(Activation activation, PackedMlp.Norm norm) {
        Random r = new Random(7);
        PackedMlp net = new PackedMlp(3, List.of(5, 4), 1, activation, norm, DataType.DOUBLE, MEMBERS, true);
        for (int p = 0; p < MEMBERS; p++) net.initialize(p, new Random(200 + p));
        INDArray[] x = batches(r);
        INDArray y = randomInputs(r, MEMBERS, ROWS).reshape('c', MEMBERS, ROWS, 1);
        double[] losses = net.trainingLoss(x, y);
        net.backward(y);
        INDArray analytic = net.grads().dup();
        // the loss is the mean squared error, computed here from the outputs independently
        if (norm != PackedMlp.Norm.BATCHNORM) { // BatchNorm evaluates with running statistics instead
            double[][] e = net.evaluate(x[0], y.slice(0), new int[ROWS]);
            assertEquals(e[0][0] / ROWS, losses[0], 1e-12, "member 0 on its own batch: SSE / rows is its mean");
        }
        INDArray p = net.params();
        double worst = 0;
        for (int member = 0; member < MEMBERS; member++) {
            for (long i = 0; i < net.size(); i++) {
                double original = p.getDouble(member, i);
                p.putScalar(member, i, original + 1e-6);
                double plus = net.trainingLoss(x, y)[member];
                p.putScalar(member, i, original - 1e-6);
                double minus = net.trainingLoss(x, y)[member];
                p.putScalar(member, i, original);
                double numeric = (plus - minus) / 2e-6;
                double a = analytic.getDouble(member, i);
                double scale = Math.abs(numeric) + Math.abs(a);
                if (scale > 1e-8) worst = Math.max(worst, Math.abs(numeric - a) / scale);
            }
        }
        assertTrue(worst < 1e-5, "worst relative error " + worst);
    }

    /**
     * The finite-difference check has teeth: a backward pass whose first weight's gradient is 1% off, or whose bias
     * gradient lost its batch mean, is caught at the tolerance the checks above use.
     */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("networks")
    void aPerturbedBackwardPassIsCaught(Activation activation, PackedMlp.Norm norm) {
        Random r = new Random(42);
        PackedMlp net = pack(activation, norm, r);
        INDArray[] x = batches(r);
        INDArray y = oneHot(r, MEMBERS, ROWS, 3);
        net.trainingLoss(x, y);
        net.backward(y);
        INDArray analytic = net.grads().dup();
        long last = net.size() - 1; // the output layer's last bias
        for (long i : new long[]{0, last}) {
            double original = net.params().getDouble(0, i);
            net.params().putScalar(0, i, original + 1e-6);
            double plus = net.trainingLoss(x, y)[0];
            net.params().putScalar(0, i, original - 1e-6);
            double minus = net.trainingLoss(x, y)[0];
            net.params().putScalar(0, i, original);
            double numeric = (plus - minus) / 2e-6;
            double perturbed = analytic.getDouble(0, i) * (i == 0 ? 1.01 : ROWS);
            double error = Math.abs(perturbed - numeric) / Math.max(1e-4, Math.abs(perturbed) + Math.abs(numeric));
            assertTrue(error > 1e-5, "parameter " + i + ": a wrong gradient " + perturbed + " against " + numeric
                    + " passes the check (error " + error + ")");
        }
    }
}
