package dev.frontier.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A multilayer perceptron for classification: per hidden layer Linear, then optional BatchNorm or LayerNorm, then the
 * activation; a final Linear; softmax cross-entropy averaged over the batch. All parameters live in one flat array
 * (and all gradients in another) so an optimizer updates them with a handful of native calls per step, whatever the
 * depth. The forward and backward passes are written out by hand on INDArrays: fewer native calls than SameDiff or
 * DL4J for the same math, and checked against finite differences in the tests.
 *
 * <p>Per-step arrays are allocated by the caller's workspace; parameters, gradients and running statistics are not.
 */
final class Network {
    static final double NORM_EPSILON = 1e-5;
    /** Weight of the newest batch in BatchNorm's running statistics (PyTorch's momentum 0.1). */
    static final double RUNNING_MOMENTUM = 0.1;

    enum Norm { NONE, BATCHNORM, LAYERNORM }

    private final DataType dtype;
    private final Activation activation;
    private final Norm norm;
    private final INDArray params;
    private final INDArray grads;
    private final List<Layer> hidden = new ArrayList<>();
    private final Layer output;

    /** One linear layer's parameters, gradients (views into the flat arrays) and this step's intermediate values. */
    private static final class Layer {
        INDArray w, b, gamma, beta;
        INDArray dw, db, dgamma, dbeta;
        INDArray runningMean, runningVar;
        INDArray input, xhat, invStd, y, a;
    }

    Network(int inputs, List<Integer> widths, int classes, Activation activation, Norm norm, DataType dtype) {
        this.dtype = dtype;
        this.activation = activation;
        this.norm = norm;
        long size = 0;
        int in = inputs;
        for (int w : widths) {
            size += (long) in * w + w + (norm == Norm.NONE ? 0 : 2L * w);
            in = w;
        }
        size += (long) in * classes + classes;
        params = Nd4j.create(dtype, size);
        grads = Nd4j.create(dtype, size);
        long offset = 0;
        in = inputs;
        for (int w : widths) {
            Layer l = new Layer();
            l.w = view(params, offset, in, w);
            l.dw = view(grads, offset, in, w);
            offset += (long) in * w;
            l.b = view(params, offset, 1, w);
            l.db = view(grads, offset, 1, w);
            offset += w;
            if (norm != Norm.NONE) {
                l.gamma = view(params, offset, 1, w);
                l.dgamma = view(grads, offset, 1, w);
                offset += w;
                l.beta = view(params, offset, 1, w);
                l.dbeta = view(grads, offset, 1, w);
                offset += w;
            }
            if (norm == Norm.BATCHNORM) {
                l.runningMean = Nd4j.zeros(dtype, 1, w);
                l.runningVar = Nd4j.ones(dtype, 1, w);
            }
            hidden.add(l);
            in = w;
        }
        output = new Layer();
        output.w = view(params, offset, in, classes);
        output.dw = view(grads, offset, in, classes);
        offset += (long) in * classes;
        output.b = view(params, offset, 1, classes);
        output.db = view(grads, offset, 1, classes);
        offset += classes;
    }

    /** A [rows, cols] view of a flat array's entries from {@code offset}. */
    private static INDArray view(INDArray flat, long offset, long rows, long cols) {
        return flat.get(NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', rows, cols);
    }

    INDArray params() {
        return params;
    }

    INDArray grads() {
        return grads;
    }

    long size() {
        return params.length();
    }

    /**
     * Initial weights from {@code random}: He-normal (std sqrt(2 / fan-in)) for hidden layers with ReLU or GELU,
     * Glorot-normal (std sqrt(2 / (fan-in + fan-out))) for the others and for the output layer; zero biases; norm
     * scale 1 and shift 0. Drawn in double with {@link Random#nextGaussian()}, the same on every machine.
     */
    void initialize(Random random) {
        double[] values = new double[(int) params.length()];
        int[] pos = {0};
        for (Layer l : hidden) {
            fill(values, pos, l.w, random, activation.reluFamily());
            pos[0] += (int) l.b.length();
            if (norm != Norm.NONE) {
                for (int i = 0; i < l.gamma.length(); i++) values[pos[0]++] = 1.0;
                pos[0] += (int) l.beta.length();
            }
        }
        fill(values, pos, output.w, random, false);
        params.assign(Nd4j.createFromArray(values).castTo(dtype));
    }

    private static void fill(double[] values, int[] pos, INDArray w, Random random, boolean he) {
        long fanIn = w.size(0);
        long fanOut = w.size(1);
        double std = he ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
        for (long i = 0; i < w.length(); i++) values[pos[0]++] = std * random.nextGaussian();
    }

    /** What one forward pass leaves for the backward pass. */
    private INDArray lastHidden;
    private INDArray probabilities;

    /**
     * Forward pass in training mode (BatchNorm normalizes with the batch's statistics and updates its running ones);
     * returns the mean cross-entropy of the batch. {@link #backward} may follow.
     */
    double trainingLoss(INDArray x, INDArray oneHot) {
        INDArray logits = forward(x, true);
        return crossEntropy(logits, oneHot, true);
    }

    /** Loss and accuracy of a whole dataset in evaluation mode (BatchNorm uses its running statistics). */
    double[] evaluate(INDArray x, INDArray oneHot, int[] labels) {
        INDArray logits = forward(x, false);
        double loss = crossEntropy(logits, oneHot, false);
        long[] predicted = Nd4j.argMax(logits, 1).toLongVector();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        return new double[]{loss, (double) correct / labels.length};
    }

    private INDArray forward(INDArray x, boolean training) {
        INDArray a = x;
        for (Layer l : hidden) {
            l.input = a;
            INDArray z = Nd4j.gemm(a, l.w, false, false).addiRowVector(l.b);
            INDArray y;
            if (norm == Norm.BATCHNORM) {
                if (training) {
                    long batch = z.size(0);
                    INDArray mean = z.mean(0);
                    INDArray var = z.var(false, 0);
                    l.runningMean.muli(1 - RUNNING_MOMENTUM).addi(mean.mul(RUNNING_MOMENTUM).reshape(l.runningMean.shape()));
                    double unbias = batch > 1 ? (double) batch / (batch - 1) : 1.0;
                    l.runningVar.muli(1 - RUNNING_MOMENTUM)
                            .addi(var.mul(RUNNING_MOMENTUM * unbias).reshape(l.runningVar.shape()));
                    l.invStd = Transforms.pow(var.addi(NORM_EPSILON), -0.5, false);
                    l.xhat = z.subiRowVector(mean).muliRowVector(l.invStd);
                } else {
                    l.invStd = Transforms.pow(l.runningVar.add(NORM_EPSILON), -0.5, false);
                    l.xhat = z.subiRowVector(l.runningMean).muliRowVector(l.invStd);
                }
                y = l.xhat.mulRowVector(l.gamma).addiRowVector(l.beta);
            } else if (norm == Norm.LAYERNORM) {
                long rows = z.size(0);
                INDArray mean = z.mean(1).reshape(rows, 1);
                INDArray var = z.var(false, 1).reshape(rows, 1);
                l.invStd = Transforms.pow(var.addi(NORM_EPSILON), -0.5, false);
                l.xhat = z.subiColumnVector(mean).muliColumnVector(l.invStd);
                y = l.xhat.mulRowVector(l.gamma).addiRowVector(l.beta);
            } else {
                y = z;
            }
            l.y = y;
            l.a = activation.apply(y);
            a = l.a;
        }
        lastHidden = a;
        return Nd4j.gemm(a, output.w, false, false).addiRowVector(output.b);
    }

    /** Mean softmax cross-entropy, computed stably (log-sum-exp shifted by the row maximum). */
    private double crossEntropy(INDArray logits, INDArray oneHot, boolean keepProbabilities) {
        long rows = logits.size(0);
        INDArray max = logits.max(1).reshape(rows, 1);
        INDArray exp = Transforms.exp(logits.subColumnVector(max), false);
        INDArray sum = exp.sum(1).reshape(rows, 1);
        if (keepProbabilities) probabilities = exp.diviColumnVector(sum);
        INDArray picked = logits.mul(oneHot).sum(1).reshape(rows, 1);
        return Transforms.log(sum, false).addi(max).subi(picked).meanNumber().doubleValue();
    }

    /** Fills {@link #grads()} with the gradient of the last {@link #trainingLoss} with respect to {@link #params()}. */
    void backward(INDArray oneHot) {
        long batch = oneHot.size(0);
        INDArray d = probabilities.subi(oneHot).divi(batch);
        Nd4j.gemm(lastHidden, d, output.dw, true, false, 1.0, 0.0);
        d.sum(output.db, true, 0);
        INDArray da = Nd4j.gemm(d, output.w, false, true);
        for (int i = hidden.size() - 1; i >= 0; i--) {
            Layer l = hidden.get(i);
            INDArray dy = activation.backward(l.y, l.a, da);
            INDArray dz;
            if (norm == Norm.NONE) {
                dz = dy;
            } else {
                dy.mul(l.xhat).sum(l.dgamma, true, 0);
                dy.sum(l.dbeta, true, 0);
                INDArray dxhat = dy.muliRowVector(l.gamma);
                if (norm == Norm.BATCHNORM) {
                    // dz = invStd / N * (N dxhat - sum_batch(dxhat) - xhat * sum_batch(dxhat * xhat)), per column
                    INDArray s1 = dxhat.sum(0);
                    INDArray s2 = dxhat.mul(l.xhat).sum(0);
                    dz = dxhat.muli(batch).subiRowVector(s1).subi(l.xhat.mulRowVector(s2))
                            .muliRowVector(l.invStd).divi(batch);
                } else {
                    // the same along each row, over its features
                    long n = dxhat.size(1);
                    INDArray s1 = dxhat.sum(1).reshape(batch, 1);
                    INDArray s2 = dxhat.mul(l.xhat).sum(1).reshape(batch, 1);
                    dz = dxhat.muli(n).subiColumnVector(s1).subi(l.xhat.mulColumnVector(s2))
                            .muliColumnVector(l.invStd).divi(n);
                }
            }
            Nd4j.gemm(l.input, dz, l.dw, true, false, 1.0, 0.0);
            dz.sum(l.db, true, 0);
            if (i > 0) da = Nd4j.gemm(dz, l.w, false, true);
        }
    }

    /** BatchNorm's running statistics, flattened (for tests and for copying a trained network). */
    List<INDArray> runningStatistics() {
        List<INDArray> stats = new ArrayList<>();
        for (Layer l : hidden) {
            if (l.runningMean != null) {
                stats.add(l.runningMean);
                stats.add(l.runningVar);
            }
        }
        return stats;
    }
}
