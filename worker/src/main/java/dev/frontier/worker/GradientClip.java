package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * Global gradient-norm clipping, PyTorch's {@code clip_grad_norm_}, member by member of a pack: a member whose
 * gradient's L2 norm exceeds its threshold has its gradient scaled by {@code threshold / (norm + 1e-6)}. The norm is
 * summed in double in a fixed order over the member's own row, so it does not depend on the pack.
 */
final class GradientClip {
    /** PyTorch's guard against dividing by a zero norm. */
    static final double GUARD = 1e-6;

    private GradientClip() {
    }

    /**
     * Clips each row of the {@code [members, size]} float {@code grads} whose threshold ({@code thresholds[row]}, NaN
     * for none) it exceeds, in place; returns which rows were clipped. A non-finite norm is left alone (the loss that
     * follows ends the trial).
     */
    static boolean[] apply(INDArray grads, double[] thresholds) {
        int members = (int) grads.size(0);
        long size = grads.size(1);
        boolean[] clipped = new boolean[members];
        double[] factor = new double[members];
        boolean any = false;
        FloatBuffer g = null;
        for (int p = 0; p < members; p++) {
            factor[p] = 1;
            if (Double.isNaN(thresholds[p])) continue;
            if (g == null) g = grads.data().asNioFloat();
            double sum = 0;
            for (long i = p * size, end = i + size; i < end; i++) {
                double v = g.get((int) i);
                sum += v * v;
            }
            double norm = Math.sqrt(sum);
            if (norm > thresholds[p]) {
                factor[p] = thresholds[p] / (norm + GUARD);
                clipped[p] = true;
                any = true;
            }
        }
        if (any) {
            grads.muliColumnVector(Nd4j.createFromArray(factor).castTo(grads.dataType()).reshape(members, 1));
        }
        return clipped;
    }
}
