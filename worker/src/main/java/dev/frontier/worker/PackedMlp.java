package dev.frontier.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A pack of multilayer perceptrons of one shape, trained side by side: per hidden layer Linear, then optional
 * BatchNorm or LayerNorm, then the activation; a final Linear; softmax cross-entropy averaged over each member's
 * batch. Each member has its own parameters, gradients, batch and normalization statistics; nothing mixes across
 * members, so a member computes exactly what it would alone (the tests hold it to bit identity).
 *
 * <p>Layout: parameters and gradients are {@code [members, size]} arrays, one row per member holding its layers'
 * weights, biases and norm scales and shifts one after another, so an optimizer updates the whole pack with a
 * handful of native calls. Activations are {@code [members, batch, width]}. Matrix products run per member on
 * contiguous 2-D views (one BLAS call each, the same call a lone network makes); everything else (bias, normalization,
 * activation, loss and their gradients) is one native call for the whole pack.
 *
 * <p>Per-step arrays are allocated by the caller's workspace; parameters, gradients and running statistics are not.
 * The forward and backward passes are written out by hand, checked against finite differences in the tests.
 */
final class PackedMlp implements PackedModel {
    static final double NORM_EPSILON = 1e-5;
    /** Weight of the newest batch in BatchNorm's running statistics (PyTorch's momentum 0.1). */
    static final double RUNNING_MOMENTUM = 0.1;

    enum Norm { NONE, BATCHNORM, LAYERNORM }

    private final DataType dtype;
    private final boolean squaredError;
    private final Activation activation;
    /** Where the ReLUs are held, for the sharpness's differences; null in training. */
    private Kinks kinks;
    private final Norm norm;
    private final int inputs;
    private final int classes;
    private final long size;
    private final List<Layer> layers = new ArrayList<>();
    private int members;
    private INDArray params;
    private INDArray grads;

    /** One linear layer: where its parameters sit in a member's row, its views for the current pack, its step values. */
    private static final class Layer {
        final int in;
        final int out;
        final boolean hidden;
        final long w;
        final long b;
        final long gamma;
        final long beta;
        INDArray[] weights;
        INDArray[] weightGrads;
        INDArray bias, biasGrad, scale, scaleGrad, shift, shiftGrad;
        INDArray runningMean, runningVar;
        INDArray[] input;
        INDArray xhat, invStd, y, a;

        Layer(int in, int out, boolean hidden, boolean normed, long offset) {
            this.in = in;
            this.out = out;
            this.hidden = hidden;
            this.w = offset;
            this.b = w + (long) in * out;
            this.gamma = normed ? b + out : -1;
            this.beta = normed ? gamma + out : -1;
        }

        long end() {
            return beta >= 0 ? beta + out : b + out;
        }
    }

    PackedMlp(int inputs, List<Integer> widths, int classes, Activation activation, Norm norm, DataType dtype,
              int members) {
        this(inputs, widths, classes, activation, norm, dtype, members, false);
    }

    /**
     * The same; with {@code squaredError}, a regression network: one output and the squared error against a target,
     * averaged over the batch, instead of softmax cross-entropy.
     */
    PackedMlp(int inputs, List<Integer> widths, int classes, Activation activation, Norm norm, DataType dtype,
              int members, boolean squaredError) {
        this.squaredError = squaredError;
        if (squaredError && classes != 1) throw new IllegalArgumentException("a regression network has one output");
        if (members < 1) throw new IllegalArgumentException("a pack needs at least one member");
        this.dtype = dtype;
        this.activation = activation;
        this.norm = norm;
        this.inputs = inputs;
        this.classes = classes;
        long offset = 0;
        int in = inputs;
        for (int w : widths) {
            Layer l = new Layer(in, w, true, norm != Norm.NONE, offset);
            layers.add(l);
            offset = l.end();
            in = w;
        }
        Layer output = new Layer(in, classes, false, false, offset);
        layers.add(output);
        this.size = output.end();
        this.members = members;
        this.params = Nd4j.create(dtype, members, size);
        this.grads = Nd4j.create(dtype, members, size);
        for (Layer l : layers) {
            if (l.hidden && norm == Norm.BATCHNORM) {
                l.runningMean = Nd4j.zeros(dtype, members, l.out);
                l.runningVar = Nd4j.ones(dtype, members, l.out);
            }
        }
        bindViews();
    }

    /** Parameters of one member's network (the same count as {@code ModelSize} reports). */
    static long parameterCount(int inputs, List<Integer> widths, int classes, boolean normed) {
        long n = 0;
        int in = inputs;
        for (int w : widths) {
            n += (long) in * w + w + (normed ? 2L * w : 0);
            in = w;
        }
        return n + (long) in * classes + classes;
    }

    private void bindViews() {
        for (Layer l : layers) {
            l.weights = new INDArray[members];
            l.weightGrads = new INDArray[members];
            for (int p = 0; p < members; p++) {
                l.weights[p] = rowView(params, p, l.w, l.in, l.out);
                l.weightGrads[p] = rowView(grads, p, l.w, l.in, l.out);
            }
            l.bias = columns(params, l.b, l.out);
            l.biasGrad = columns(grads, l.b, l.out);
            if (l.gamma >= 0) {
                l.scale = columns(params, l.gamma, l.out);
                l.scaleGrad = columns(grads, l.gamma, l.out);
                l.shift = columns(params, l.beta, l.out);
                l.shiftGrad = columns(grads, l.beta, l.out);
            }
        }
    }

    /** Member {@code p}'s {@code [rows, cols]} block of a {@code [members, size]} array, from {@code offset}. */
    private static INDArray rowView(INDArray packed, int p, long offset, long rows, long cols) {
        return packed.get(NDArrayIndex.point(p), NDArrayIndex.interval(offset, offset + rows * cols))
                .reshape('c', rows, cols);
    }

    /** Every member's {@code [members, width]} columns of a {@code [members, size]} array, from {@code offset}. */
    private static INDArray columns(INDArray packed, long offset, long width) {
        return packed.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + width));
    }

    @Override
    public int members() {
        return members;
    }

    /** {@code [members, size]}: one row of parameters per member. */
    @Override
    public INDArray params() {
        return params;
    }

    /** {@code [members, size]}: the gradient of each member's last training loss. */
    @Override
    public INDArray grads() {
        return grads;
    }

    /** Parameters per member. */
    long size() {
        return size;
    }

    /**
     * Keeps only the members at {@code rows} (in that order): their parameters and running statistics are copied
     * bit for bit into arrays for the smaller pack. Call outside a workspace.
     */
    @Override
    public void keep(int[] rows) {
        INDArray kept = Nd4j.pullRows(params, 1, rows);
        close(params);
        close(grads);
        params = kept;
        grads = Nd4j.create(dtype, rows.length, size);
        for (Layer l : layers) {
            if (l.runningMean != null) {
                INDArray mean = Nd4j.pullRows(l.runningMean, 1, rows);
                INDArray var = Nd4j.pullRows(l.runningVar, 1, rows);
                close(l.runningMean);
                close(l.runningVar);
                l.runningMean = mean;
                l.runningVar = var;
            }
        }
        members = rows.length;
        bindViews();
    }

    /**
     * Member {@code p}'s initial weights from {@code random}: He-normal (std sqrt(2 / fan-in)) for hidden layers with
     * ReLU or GELU, Glorot-normal (std sqrt(2 / (fan-in + fan-out))) for the others and for the output layer; zero
     * biases; norm scale 1 and shift 0. Drawn in double with {@link Random#nextGaussian()}, the same on every machine.
     */
    @Override
    public void initialize(int p, Random random) {
        double[] values = new double[(int) size];
        for (Layer l : layers) {
            boolean he = l.hidden && activation.reluFamily();
            double std = he ? Math.sqrt(2.0 / l.in) : Math.sqrt(2.0 / (l.in + l.out));
            for (long i = l.w; i < l.b; i++) values[(int) i] = std * random.nextGaussian();
            if (l.gamma >= 0) for (long i = l.gamma; i < l.beta; i++) values[(int) i] = 1.0;
        }
        params.getRow(p).assign(Nd4j.createFromArray(values).castTo(dtype));
    }

    /** What one forward pass leaves for the backward pass (besides each layer's values). */
    private INDArray probabilities;
    /** A regression's prediction minus its target, {@code [members, batch, 1]}. */
    private INDArray errors;

    /**
     * Forward pass in training mode (BatchNorm normalizes with each member's batch statistics and updates its running
     * ones) on {@code x[p]}, member p's {@code [batch, inputs]} batch; {@code oneHot} is {@code [members, batch,
     * classes]}. Returns each member's mean cross-entropy; {@link #backward} may follow.
     */
    @Override
    public double[] trainingLoss(INDArray[] x, INDArray oneHot) {
        INDArray logits = forward(x, true);
        if (squaredError) {
            // oneHot holds the targets, [members, batch, 1]; keep the error for the backward pass
            errors = logits.sub(oneHot);
            return errors.mul(errors).mean(1, 2).toDoubleVector();
        }
        return crossEntropy(logits, oneHot, true).mean(1).toDoubleVector();
    }

    /**
     * Evaluation mode (BatchNorm uses its running statistics) on rows every member shares: each member's summed
     * cross-entropy over the rows, and how many rows it classified right.
     */
    @Override
    public double[][] evaluate(INDArray x, INDArray oneHot, int[] labels) {
        INDArray[] shared = new INDArray[members];
        Arrays.fill(shared, x);
        INDArray logits = forward(shared, false);
        if (squaredError) {
            // the summed squared error, twice: a regression has no "right" answers to count
            INDArray e = logits.sub(oneHot.reshape(1, oneHot.size(0), 1).broadcast(members, oneHot.size(0), 1));
            double[] sse = e.muli(e).sum(1, 2).toDoubleVector();
            return new double[][]{sse, sse.clone()};
        }
        INDArray packedOneHot = Nd4j.create(dtype, members, x.size(0), classes);
        for (int p = 0; p < members; p++) packedOneHot.slice(p).assign(oneHot);
        double[] loss = crossEntropy(logits, packedOneHot, false).sum(1).toDoubleVector();
        long[] predicted = Nd4j.argMax(logits, 2).data().asLong();
        double[] correct = new double[members];
        for (int p = 0; p < members; p++) {
            for (int i = 0; i < labels.length; i++) if (predicted[p * labels.length + i] == labels[i]) correct[p]++;
        }
        return new double[][]{loss, correct};
    }

    @Override
    public void holdKinks(Kinks kinks) {
        this.kinks = kinks;
    }

    private INDArray forward(INDArray[] x, boolean training) {
        INDArray[] in = x;
        long rows = x[0].size(0);
        INDArray z = null;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            l.input = in;
            z = Nd4j.create(dtype, members, rows, l.out);
            for (int p = 0; p < members; p++) Nd4j.gemm(in[p], l.weights[p], z.slice(p), false, false, 1.0, 0.0);
            broadcast(new BroadcastAddOp(z, l.bias, z, 0, 2));
            if (!l.hidden) break;
            INDArray y = normalize(l, z, training);
            l.y = y;
            l.a = kinks == null ? activation.apply(y) : kinks.activate(activation, i, y);
            in = slices(l.a);
        }
        return z;
    }

    /** The hidden layer's normalized pre-activation (z itself without normalization); z may be overwritten. */
    private INDArray normalize(Layer l, INDArray z, boolean training) {
        if (norm == Norm.BATCHNORM) {
            if (training) {
                long batch = z.size(1);
                INDArray mean = z.mean(1);
                broadcast(new BroadcastSubOp(z, mean, z, 0, 2));
                // the biased variance as the mean square of the centred values: ND4J's variance along a strided
                // dimension was five times slower than this
                INDArray var = z.mul(z).mean(1);
                l.runningMean.muli(1 - RUNNING_MOMENTUM).addi(mean.mul(RUNNING_MOMENTUM));
                double unbias = batch > 1 ? (double) batch / (batch - 1) : 1.0;
                l.runningVar.muli(1 - RUNNING_MOMENTUM).addi(var.mul(RUNNING_MOMENTUM * unbias));
                l.invStd = Transforms.pow(var.addi(NORM_EPSILON), -0.5, false);
            } else {
                l.invStd = Transforms.pow(l.runningVar.add(NORM_EPSILON), -0.5, false);
                broadcast(new BroadcastSubOp(z, l.runningMean, z, 0, 2));
            }
            l.xhat = broadcast(new BroadcastMulOp(z, l.invStd, z, 0, 2));
        } else if (norm == Norm.LAYERNORM) {
            INDArray mean = z.mean(2);
            broadcast(new BroadcastSubOp(z, mean, z, 0, 1));
            INDArray var = z.mul(z).mean(2);
            l.invStd = Transforms.pow(var.addi(NORM_EPSILON), -0.5, false);
            l.xhat = broadcast(new BroadcastMulOp(z, l.invStd, z, 0, 1));
        } else {
            return z;
        }
        INDArray y = l.xhat.ulike();
        broadcast(new BroadcastMulOp(l.xhat, l.scale, y, 0, 2));
        return broadcast(new BroadcastAddOp(y, l.shift, y, 0, 2));
    }

    /**
     * Per member and row, the softmax cross-entropy of {@code logits}, computed stably (log-sum-exp shifted by the
     * row maximum): {@code [members, rows]}.
     */
    private INDArray crossEntropy(INDArray logits, INDArray oneHot, boolean keepProbabilities) {
        INDArray max = logits.max(2);
        INDArray exp = broadcast(new BroadcastSubOp(logits, max, logits.ulike(), 0, 1));
        Transforms.exp(exp, false);
        INDArray sum = exp.sum(2);
        if (keepProbabilities) probabilities = broadcast(new BroadcastDivOp(exp, sum, exp, 0, 1));
        INDArray picked = logits.mul(oneHot).sum(2);
        return Transforms.log(sum, false).addi(max).subi(picked);
    }

    /**
     * Fills {@link #grads()} with the gradient of each member's last {@link #trainingLoss} with respect to its
     * parameters.
     */
    @Override
    public void backward(INDArray oneHot) {
        long batch = oneHot.size(1);
        // d(mean of e²)/d(prediction) = 2 e / batch; d(cross-entropy)/d(logits) = (softmax - one-hot) / batch
        INDArray d = squaredError ? errors.mul(2.0 / batch) : probabilities.subi(oneHot).divi(batch);
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            INDArray dz;
            if (l.hidden) {
                INDArray dy = kinks == null ? activation.backward(l.y, l.a, d)
                        : kinks.backward(activation, i, l.y, l.a, d);
                dz = norm == Norm.NONE ? dy : normBackward(l, dy);
            } else {
                dz = d;
            }
            INDArray[] dzs = slices(dz);
            for (int p = 0; p < members; p++) Nd4j.gemm(l.input[p], dzs[p], l.weightGrads[p], true, false, 1.0, 0.0);
            l.biasGrad.assign(dz.sum(1));
            if (i > 0) {
                d = Nd4j.create(dtype, members, batch, l.in);
                for (int p = 0; p < members; p++) Nd4j.gemm(dzs[p], l.weights[p], d.slice(p), false, true, 1.0, 0.0);
            }
        }
    }

    /** From the gradient at the norm's output to the gradient at its input; fills the scale and shift gradients. */
    private INDArray normBackward(Layer l, INDArray dy) {
        INDArray dgamma = dy.mul(l.xhat).sum(1);
        INDArray dbeta = dy.sum(1);
        l.scaleGrad.assign(dgamma);
        l.shiftGrad.assign(dbeta);
        if (norm == Norm.BATCHNORM) {
            // dz = invStd / N * (N dxhat - sum_batch(dxhat) - xhat * sum_batch(dxhat * xhat)) with dxhat = dy * gamma,
            // per member and column; gamma is constant down a column, so the two sums are gamma * dbeta and
            // gamma * dgamma, and the constants fold into per-column factors
            long n = dy.size(1);
            INDArray gamma = l.scale.dup();
            INDArray s1 = dbeta.muli(gamma);
            INDArray s2 = dgamma.muli(gamma);
            broadcast(new BroadcastMulOp(dy, gamma.muli(n), dy, 0, 2));
            broadcast(new BroadcastSubOp(dy, s1, dy, 0, 2));
            dy.subi(broadcast(new BroadcastMulOp(l.xhat, s2, l.xhat.ulike(), 0, 2)));
            return broadcast(new BroadcastMulOp(dy, l.invStd.div(n), dy, 0, 2));
        }
        // the same along each row, over its features, where gamma varies
        INDArray dxhat = broadcast(new BroadcastMulOp(dy, l.scale, dy, 0, 2));
        INDArray xhatTimesDxhat = dxhat.mul(l.xhat);
        long n = dxhat.size(2);
        INDArray s1 = dxhat.sum(2);
        INDArray s2 = xhatTimesDxhat.sum(2);
        dxhat.muli(n);
        broadcast(new BroadcastSubOp(dxhat, s1, dxhat, 0, 1));
        dxhat.subi(broadcast(new BroadcastMulOp(l.xhat, s2, xhatTimesDxhat, 0, 1)));
        broadcast(new BroadcastMulOp(dxhat, l.invStd, dxhat, 0, 1));
        return dxhat.divi(n);
    }

    /** Frees the native memory of the parameters, gradients and running statistics; the pack is not used after. */
    @Override
    public void close() {
        close(params);
        close(grads);
        for (Layer l : layers) {
            if (l.runningMean != null) {
                close(l.runningMean);
                close(l.runningVar);
            }
        }
    }

    /** Frees an array's native memory now (views and workspace arrays are left to their owners). */
    static void close(INDArray a) {
        if (a != null && a.closeable()) a.close();
    }

    /** BatchNorm's running means and variances, one {@code [members, width]} pair per hidden layer (for tests). */
    List<INDArray> runningStatistics() {
        List<INDArray> stats = new ArrayList<>();
        for (Layer l : layers) {
            if (l.runningMean != null) {
                stats.add(l.runningMean);
                stats.add(l.runningVar);
            }
        }
        return stats;
    }

    /** Each member's {@code [rows, width]} view of a {@code [members, rows, width]} array. */
    private INDArray[] slices(INDArray packed) {
        INDArray[] out = new INDArray[members];
        for (int p = 0; p < members; p++) out[p] = packed.slice(p);
        return out;
    }

    private static INDArray broadcast(BroadcastOp op) {
        Nd4j.getExecutioner().exec(op);
        return op.z();
    }

}
