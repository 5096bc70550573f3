package dev.frontier.worker;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Held kinks make the sharpness's finite differences the Hessian of the network's linear piece: the same at any step,
 * even at an all-zero input whose ReLUs sit at 0; and, away from kinks, nothing changes.
 */
class KinksTest {
    /**
     * The Hessian-vector product along the unit direction {@code v} by a central difference of step {@code h}, kinks
     * held or not.
     */
    static double[] hvp(PackedModel net, INDArray x, INDArray y, double[] v, double h, boolean hold) {
        Kinks kinks = hold ? new Kinks() : null;
        double[] theta = net.params().getRow(0).toDoubleVector();
        UnaryOperator<double[]> gradient = t -> {
            net.holdKinks(kinks);
            net.params().getRow(0).assign(Nd4j.createFromArray(t));
            net.trainingLoss(new INDArray[]{x}, y);
            net.backward(y);
            return net.grads().getRow(0).toDoubleVector();
        };
        gradient.apply(theta); // at the point itself: records the kinks
        double[] hv = Sharpness.hessianVector(gradient, theta, v, h);
        net.params().getRow(0).assign(Nd4j.createFromArray(theta));
        net.holdKinks(null);
        return hv;
    }

    static double[] gradient(PackedModel net, INDArray x, INDArray y, boolean hold) {
        net.holdKinks(hold ? new Kinks() : null);
        net.trainingLoss(new INDArray[]{x}, y);
        net.backward(y);
        net.holdKinks(null);
        return net.grads().getRow(0).toDoubleVector();
    }

    static double[] direction(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < n; i++) v[i] /= Math.sqrt(norm);
        return v;
    }

    static double distance(double[] a, double[] b) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            s += b[i] * b[i];
        }
        return Math.sqrt(d / s);
    }

    static PackedMlp mlp() {
        PackedMlp net = new PackedMlp(3, List.of(6, 5), 3, Activation.RELU, PackedMlp.Norm.NONE, DataType.DOUBLE, 1,
                false);
        net.initialize(0, new Random(4));
        return net;
    }

    static PackedCnn cnn() {
        PackedCnn net = new PackedCnn(64, List.of(3, 4), 3, List.of(5), 3, Activation.RELU, PackedCnn.Norm.NONE,
                DataType.DOUBLE, 1);
        net.initialize(0, new Random(4));
        return net;
    }

    /** {@code rows} random inputs of {@code width} and their labels; with the first input all zeros if asked. */
    static INDArray[] data(int rows, int width, boolean zeroFirst) {
        INDArray[] b = PackedCnnTest.batch(rows, 1, 3, 5);
        Random r = new Random(5);
        double[][] x = new double[rows][width];
        for (int i = zeroFirst ? 1 : 0; i < rows; i++) for (int j = 0; j < width; j++) x[i][j] = r.nextGaussian();
        return new INDArray[]{Nd4j.createFromArray(x), b[1]};
    }

    @Test
    void atAnAllZeroInputTheHeldDifferenceIsTheSameAtAnyStep() {
        Nd4jRuntime.ensureReady();
        for (PackedModel net : List.of(mlp(), cnn())) {
            int width = net instanceof PackedCnn ? 64 : 3;
            INDArray[] b = data(6, width, true);
            double[] v = direction((int) net.params().size(1), 7);
            double[] coarse = hvp(net, b[0], b[1], v, 1e-3, true);
            double[] fine = hvp(net, b[0], b[1], v, 1e-6, true);
            assertTrue(distance(fine, coarse) < 1e-6, net + ": " + distance(fine, coarse));
            // without them, the ReLUs at 0 switch on one side of the difference: a jump over twice the step
            double[] loose = hvp(net, b[0], b[1], v, 1e-6, false);
            assertTrue(distance(loose, coarse) > 10, net + ": " + distance(loose, coarse));
        }
    }

    @Test
    void awayFromKinksHoldingThemChangesNothing() {
        Nd4jRuntime.ensureReady();
        for (PackedModel net : List.of(mlp(), cnn())) {
            int width = net instanceof PackedCnn ? 64 : 3;
            INDArray[] b = data(6, width, false);
            assertArrayEquals(gradient(net, b[0], b[1], false), gradient(net, b[0], b[1], true), 1e-15);
            double[] v = direction((int) net.params().size(1), 8);
            double[] held = hvp(net, b[0], b[1], v, 1e-6, true);
            double[] loose = hvp(net, b[0], b[1], v, 1e-6, false);
            assertTrue(distance(loose, held) < 1e-5, net + ": " + distance(loose, held));
        }
    }
}
