package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

/**
 * A network's kinks held where they were at one point: which ReLUs were on, and which input of each max-pooling window
 * was the largest. The first forward pass through a slot records its choice; every later pass reuses it, so the
 * network is smooth (piecewise linear becomes linear) around the point where they were recorded.
 *
 * <p>The Hessian-vector products of the sharpness are central differences of gradients. A kink between the two points
 * (a pre-activation that sits at 0, as an all-zero input does with zero biases) turns the difference into a jump over
 * twice the step: a "curvature" that grows without bound as the step shrinks. With the kinks held, the difference is
 * the Hessian of the network's own linear piece, which is what automatic differentiation computes.
 */
final class Kinks {
    private final Map<Integer, INDArray> masks = new HashMap<>();

    /** The activation of {@code y} at {@code slot}; for a ReLU, gated by the ReLUs on where they were recorded. */
    INDArray activate(Activation activation, int slot, INDArray y) {
        if (activation != Activation.RELU) return activation.apply(y);
        INDArray mask = masks.get(slot);
        if (mask == null) {
            masks.put(slot, Transforms.step(y, true));
            return activation.apply(y);
        }
        return y.mul(mask);
    }

    /** The gradient through the activation at {@code slot}, with the ReLUs recorded there. */
    INDArray backward(Activation activation, int slot, INDArray y, INDArray a, INDArray da) {
        if (activation != Activation.RELU) return activation.backward(y, a, da);
        return da.muli(masks.get(slot));
    }

    /**
     * Max pooling over {@code windows} (2×2 windows on the given axes) at {@code slot}: the first time, the largest
     * input; afterwards the inputs that were the largest then (their mean, where several tied).
     */
    INDArray pool(int slot, INDArray windows, int... axes) {
        INDArray mask = masks.get(slot);
        if (mask == null) {
            INDArray max = windows.max(true, axes);
            INDArray ties = windows.eq(max.broadcast(windows.shape())).castTo(windows.dataType());
            masks.put(slot, ties.divi(ties.sum(true, axes).broadcast(windows.shape())));
            return windows.max(axes);
        }
        return windows.mul(mask).sum(axes);
    }

    /** The pooling's routing at {@code slot}: the share of each window's gradient each of its inputs takes. */
    INDArray poolMask(int slot) {
        return masks.get(slot);
    }
}
