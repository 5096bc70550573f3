package dev.frontier.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A pack of small convolutional networks of one shape, side by side, for square one-channel images (a member's batch
 * is {@code [batch, side²]}, row by row). Per block: a k × k convolution (stride 1, same padding), then optional
 * BatchNorm, LayerNorm (over a member's example: channels × height × width) or GroupNorm (groups of channels ×
 * height × width; {@link #groups}), each with a scale and shift per channel, then the activation, then 2 × 2 max
 * pooling (stride 2; an odd last row or column is dropped). Then the dense layers with the activation, and a final
 * linear layer to softmax cross-entropy, averaged over the batch.
 *
 * <p>Layout as {@link PackedMlp}: parameters and gradients are {@code [members, size]}, one row per member. The
 * members' examples are stacked, member-major, and every per-example step (im2col, the products, the activation, the
 * pooling) runs once for the whole pack, each member's examples with its own parameters; the norms' statistics and
 * the gradients' sums are each member's own, so a member's numbers do not depend on its pack (tested bit for bit).
 * Kinks (the sharpness's probe) are held in order: each block's activation and pooling, then each dense activation. Convolutions are im2col and one matrix product; the backward pass is written out by hand and checked against
 * finite differences in the tests. Pooling is libnd4j's maxpool2d; at a tie the first
 * maximal input of the window (row by row) takes its gradient, as in PyTorch.
 */
final class PackedCnn implements PackedModel {
    enum Norm { NONE, BATCHNORM, LAYERNORM, GROUPNORM }

    /** GroupNorm's groups: up to this many, the largest count that divides the channels. */
    static final int MAX_GROUPS = 8;

    private final DataType dtype;
    private final Activation activation;
    /** Where the ReLUs and the pooling's choices are held, for the sharpness's differences; null in training. */
    private Kinks kinks;
    private final Norm norm;
    private final int side;
    private final int kernel;
    private final int classes;
    private final long size;
    private final List<Conv> convs = new ArrayList<>();
    private final List<Dense> denses = new ArrayList<>();
    private int members;
    private INDArray params;
    private INDArray grads;
    /** BatchNorm's running statistics, {@code [members, channels]} per block. */
    private final List<INDArray> runningMeans = new ArrayList<>();
    private final List<INDArray> runningVars = new ArrayList<>();
    /** What the last training forward pass keeps for its backward pass. */
    private Pass pass;

    /** One convolution block: its input size, and where its parameters sit in a member's row. */
    private record Conv(int in, int out, int height, int width, long w, long b, long gamma, long beta) {
        long end() {
            return beta >= 0 ? beta + out : b + out;
        }

        int pooledHeight() {
            return height / 2;
        }

        int pooledWidth() {
            return width / 2;
        }
    }

    private record Dense(int in, int out, long w, long b) {
    }

    /**
     * What the pack's last training forward pass keeps for its backward pass. Example rows are member-major: member
     * {@code k}'s batch is rows {@code [k B, (k + 1) B)}.
     */
    private static final class Pass {
        final List<INDArray> inputs = new ArrayList<>();   // block input [N, cin, h, w]
        final List<INDArray> columns = new ArrayList<>();  // im2col as [N, cin·k·k, h·w]
        final List<INDArray> kernels = new ArrayList<>();  // each member's kernels, once per example [N, cout, taps]
        final List<INDArray> normalized = new ArrayList<>(); // xhat [N, c, h, w] (null without a norm)
        final List<INDArray> invStd = new ArrayList<>();   // per row of the norm's layout
        final List<INDArray> preActivation = new ArrayList<>(); // y [N, c, h, w]
        final List<INDArray> activated = new ArrayList<>(); // a [N, c, h, w]
        final List<INDArray> denseInputs = new ArrayList<>(); // [N, in]
        final List<INDArray> densePre = new ArrayList<>();
        final List<INDArray> denseOut = new ArrayList<>();
        INDArray probabilities;                             // [N, classes]
    }

    PackedCnn(int features, List<Integer> channels, int kernel, List<Integer> dense, int classes,
              Activation activation, Norm norm, DataType dtype, int members) {
        this.side = side(features);
        if (kernel < 1 || kernel % 2 == 0) throw new IllegalArgumentException("kernel must be odd, got " + kernel);
        if (members < 1) throw new IllegalArgumentException("a pack needs at least one member");
        this.kernel = kernel;
        this.classes = classes;
        this.activation = activation;
        this.norm = norm;
        this.dtype = dtype;
        long offset = 0;
        int in = 1;
        int h = side;
        int w = side;
        for (int out : channels) {
            if (h < 2 || w < 2) {
                throw new IllegalArgumentException(channels.size() + " pooling blocks shrink a " + side + " × "
                        + side + " image below 1 × 1");
            }
            long wo = offset;
            long b = wo + (long) out * in * kernel * kernel;
            boolean normed = norm != Norm.NONE;
            Conv c = new Conv(in, out, h, w, wo, b, normed ? b + out : -1, normed ? b + 2L * out : -1);
            convs.add(c);
            offset = c.end();
            in = out;
            h /= 2;
            w /= 2;
        }
        int flat = in * h * w;
        for (int out : dense) {
            denses.add(new Dense(flat, out, offset, offset + (long) flat * out));
            offset += (long) flat * out + out;
            flat = out;
        }
        denses.add(new Dense(flat, classes, offset, offset + (long) flat * classes));
        offset += (long) flat * classes + classes;
        this.size = offset;
        this.members = members;
        params = Nd4j.create(dtype, members, size);
        grads = Nd4j.create(dtype, members, size);
        if (norm == Norm.BATCHNORM) {
            for (Conv c : convs) {
                runningMeans.add(Nd4j.zeros(dtype, members, c.out()));
                runningVars.add(Nd4j.ones(dtype, members, c.out()));
            }
        }
    }

    /** The side of a square image of {@code pixels} pixels. */
    static int side(int pixels) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalArgumentException("the cnn takes square one-channel images: " + pixels
                    + " features are not a square number of pixels");
        }
        return side;
    }

    /** Parameters of one member: the convolutions' kernels and biases, the norms' scales and shifts, the dense layers. */
    static long parameterCount(int features, List<Integer> channels, int kernel, List<Integer> dense, int classes,
                               boolean normed) {
        long n = 0;
        int in = 1;
        int s = side(features);
        for (int out : channels) {
            n += (long) out * in * kernel * kernel + out + (normed ? 2L * out : 0);
            in = out;
            s /= 2;
        }
        long flat = (long) in * s * s;
        for (int out : dense) {
            n += flat * out + out;
            flat = out;
        }
        return n + flat * classes + classes;
    }

    /** GroupNorm's groups for {@code channels}: the largest count up to {@value #MAX_GROUPS} that divides them. */
    static int groups(int channels) {
        for (int g = Math.min(MAX_GROUPS, channels); g > 1; g--) if (channels % g == 0) return g;
        return 1;
    }

    @Override
    public int members() {
        return members;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray grads() {
        return grads;
    }

    /**
     * He-normal kernels and weights (std sqrt(2 / fan-in)) for ReLU and GELU, Glorot-normal otherwise and for the
     * output layer; zero biases, norm scale 1 and shift 0. Drawn in double from {@code random}.
     */
    @Override
    public void initialize(int p, Random random) {
        double[] values = new double[(int) size];
        boolean he = activation.reluFamily();
        for (Conv c : convs) {
            int fanIn = c.in() * kernel * kernel;
            int fanOut = c.out() * kernel * kernel;
            double std = he ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
            for (long i = c.w(); i < c.b(); i++) values[(int) i] = std * random.nextGaussian();
            if (c.gamma() >= 0) for (long i = c.gamma(); i < c.beta(); i++) values[(int) i] = 1.0;
        }
        for (int l = 0; l < denses.size(); l++) {
            Dense d = denses.get(l);
            boolean hidden = l < denses.size() - 1;
            double std = hidden && he ? Math.sqrt(2.0 / d.in()) : Math.sqrt(2.0 / (d.in() + d.out()));
            for (long i = d.w(); i < d.b(); i++) values[(int) i] = std * random.nextGaussian();
        }
        params.getRow(p).assign(Nd4j.createFromArray(values).castTo(dtype));
    }

    @Override
    public double[] trainingLoss(INDArray[] x, INDArray oneHot) {
        pass = new Pass();
        INDArray logits = forward(0, members, members == 1 ? x[0] : Nd4j.concat(0, x), true, pass);
        long batch = x[0].size(0);
        INDArray perRow = crossEntropy(logits, oneHot.reshape('c', members * batch, classes), pass);
        double[] losses = new double[members];
        for (int p = 0; p < members; p++) {
            losses[p] = perRow.get(NDArrayIndex.interval(p * batch, (p + 1) * batch), NDArrayIndex.all())
                    .meanNumber().doubleValue();
        }
        return losses;
    }

    @Override
    public double[][] evaluate(INDArray x, INDArray oneHot, int[] labels) {
        double[] loss = new double[members];
        double[] correct = new double[members];
        for (int p = 0; p < members; p++) {
            INDArray logits = forward(p, p + 1, x, false, null);
            loss[p] = crossEntropy(logits, oneHot, null).sumNumber().doubleValue();
            long[] predicted = Nd4j.argMax(logits, 1).data().asLong();
            for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct[p]++;
        }
        return new double[][]{loss, correct};
    }

    /** Per row, the softmax cross-entropy of {@code logits} ({@code [B, classes]}), computed stably. */
    private static INDArray crossEntropy(INDArray logits, INDArray oneHot, Pass pass) {
        INDArray max = logits.max(true, 1);
        INDArray shifted = logits.subColumnVector(max);
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sum = exp.sum(true, 1);
        if (pass != null) pass.probabilities = exp.diviColumnVector(sum);
        return Transforms.log(sum, true).subi(shifted.mul(oneHot).sum(true, 1));
    }

    /** Held kinks are for a pack of one, the sharpness's probe. */
    @Override
    public void holdKinks(Kinks kinks) {
        if (kinks != null && members != 1) throw new IllegalStateException("kinks are held for a pack of one");
        this.kinks = kinks;
    }

    /**
     * Columns {@code [from, from + n)} of members {@code [first, last)}'s rows of {@code packed}, as a contiguous
     * {@code [members, n]} copy.
     */
    private static INDArray columns(INDArray packed, int first, int last, long from, long n) {
        return packed.get(NDArrayIndex.interval(first, last), NDArrayIndex.interval(from, from + n)).dup('c');
    }

    /** The same columns of every member's row of {@code packed}, as a view to write into. */
    private INDArray columnsView(INDArray packed, long from, long n) {
        return packed.get(NDArrayIndex.interval(0, members), NDArrayIndex.interval(from, from + n));
    }

    /**
     * Members {@code [first, last)} on their examples {@code x}, member-major ({@code [N, side²]}, N = members × B):
     * every per-example step (im2col, the products, the activation, the pooling) runs once for all of them, each
     * member's examples with its own parameters; the norms' statistics are each member's own.
     */
    private INDArray forward(int first, int last, INDArray x, boolean training, Pass pass) {
        int m = last - first;
        long rows = x.size(0);
        long batch = rows / m;
        INDArray a = x.reshape('c', rows, 1, side, side);
        int pad = (kernel - 1) / 2;
        for (int i = 0; i < convs.size(); i++) {
            Conv c = convs.get(i);
            long taps = (long) c.in() * kernel * kernel;
            long pixels = (long) c.height() * c.width();
            INDArray col = Nd4j.create(dtype, rows, c.in(), kernel, kernel, c.height(), c.width());
            Convolution.im2col(a, kernel, kernel, 1, 1, pad, pad, false, col);
            // im2col's [N, cin, k, k, h, w] is, row-major, [N, taps, pixels]: one batched product per block gives
            // [N, cout, pixels], which is the output's own layout, with no transposing copies
            INDArray col3 = col.reshape('c', rows, taps, pixels);
            // each member's kernels once per example of its own, for one batched product
            INDArray w3 = Nd4j.create(dtype, m, batch, c.out() * taps);
            broadcast(new BroadcastCopyOp(w3, columns(params, first, last, c.w(), c.out() * taps), w3, 0, 2));
            w3 = w3.reshape('c', rows, c.out(), taps);
            INDArray z3 = Nd4j.matmul(w3, col3);
            INDArray z4 = z3.reshape('c', m, batch, c.out(), pixels);
            broadcast(new BroadcastAddOp(z4, columns(params, first, last, c.b(), c.out()), z4, 0, 2));
            INDArray z = z3.reshape('c', rows, c.out(), c.height(), c.width());
            Normalized n = norm == Norm.NONE ? new Normalized(z, null, null) : normalize(first, last, i, z, training);
            INDArray y = n.y();
            INDArray act = kinks == null ? activation.apply(y) : kinks.activate(activation, 2 * i, y);
            int ph = c.pooledHeight();
            int pw = c.pooledWidth();
            INDArray pooled;
            if (kinks == null) {
                pooled = Nd4j.create(dtype, rows, c.out(), ph, pw);
                Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(act).addOutputs(pooled)
                        .addIntegerArguments(POOLING).build());
            } else {
                INDArray even = act.size(2) == 2L * ph && act.size(3) == 2L * pw ? act
                        : act.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * ph),
                        NDArrayIndex.interval(0, 2 * pw)).dup('c');
                INDArray windows = even.reshape('c', rows, c.out(), ph, 2, pw, 2);
                pooled = kinks.pool(2 * i + 1, windows, 3, 5);
            }
            if (pass != null) {
                pass.inputs.add(a);
                pass.columns.add(col3);
                pass.kernels.add(w3);
                pass.normalized.add(n.xhat());
                pass.invStd.add(n.invStd());
                pass.preActivation.add(y);
                pass.activated.add(act);
            }
            a = pooled;
        }
        INDArray h = a.reshape('c', rows, a.length() / rows);
        for (int l = 0; l < denses.size(); l++) {
            Dense d = denses.get(l);
            INDArray w = columns(params, first, last, d.w(), (long) d.in() * d.out()).reshape('c', m, d.in(), d.out());
            INDArray z3 = Nd4j.matmul(h.reshape('c', m, batch, d.in()), w);
            broadcast(new BroadcastAddOp(z3, columns(params, first, last, d.b(), d.out()), z3, 0, 2));
            INDArray z = z3.reshape('c', rows, d.out());
            if (pass != null) pass.denseInputs.add(h);
            if (l == denses.size() - 1) return z;
            INDArray out = kinks == null ? activation.apply(z)
                    : kinks.activate(activation, 2 * convs.size() + l, z);
            if (pass != null) {
                pass.densePre.add(z);
                pass.denseOut.add(out);
            }
            h = out;
        }
        throw new IllegalStateException("no output layer");
    }

    /** A block's normalized pre-activation {@code y}, with what its backward pass needs. */
    private record Normalized(INDArray y, INDArray xhat, INDArray invStd) {
    }

    /**
     * The block's normalized pre-activation ({@code z} itself without a norm): the statistics of BatchNorm are per
     * channel over the batch and the image, LayerNorm's per example over everything, GroupNorm's per example and
     * group of channels.
     */
    private Normalized normalize(int first, int last, int block, INDArray z, boolean training) {
        Conv c = convs.get(block);
        int m = last - first;
        long rows = z.size(0);
        long pixels = (long) c.height() * c.width();
        INDArray xhat;
        INDArray invStd;
        if (norm == Norm.BATCHNORM && !training) {
            INDArray mean = columns(runningMeans.get(block), first, last, 0, c.out());
            invStd = Transforms.pow(columns(runningVars.get(block), first, last, 0, c.out())
                    .addi(PackedMlp.NORM_EPSILON), -0.5, false);
            xhat = z.dup('c');
            INDArray x4 = xhat.reshape('c', m, rows / m, c.out(), pixels);
            broadcast(new BroadcastSubOp(x4, mean, x4, 0, 2));
            broadcast(new BroadcastMulOp(x4, invStd, x4, 0, 2));
        } else {
            INDArray r = toRows(z, c, m);
            INDArray mean = r.mean(true, 1);
            INDArray centred = r.subColumnVector(mean);
            INDArray var = centred.mul(centred).mean(true, 1);
            invStd = Transforms.pow(var.add(PackedMlp.NORM_EPSILON), -0.5, false);
            INDArray xr = centred.muliColumnVector(invStd);
            xhat = fromRows(xr, c, m, rows / m);
            if (norm == Norm.BATCHNORM) {
                long n = r.size(1);
                double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
                INDArray rm = runningMeans.get(block).get(NDArrayIndex.interval(first, last), NDArrayIndex.all());
                INDArray rv = runningVars.get(block).get(NDArrayIndex.interval(first, last), NDArrayIndex.all());
                rm.muli(1 - PackedMlp.RUNNING_MOMENTUM)
                        .addi(mean.reshape(m, c.out()).mul(PackedMlp.RUNNING_MOMENTUM));
                rv.muli(1 - PackedMlp.RUNNING_MOMENTUM)
                        .addi(var.reshape(m, c.out()).mul(PackedMlp.RUNNING_MOMENTUM * unbias));
            }
        }
        INDArray y = xhat.dup('c');
        INDArray y4 = y.reshape('c', m, rows / m, c.out(), pixels);
        broadcast(new BroadcastMulOp(y4, columns(params, first, last, c.gamma(), c.out()), y4, 0, 2));
        broadcast(new BroadcastAddOp(y4, columns(params, first, last, c.beta(), c.out()), y4, 0, 2));
        return new Normalized(y, xhat, invStd);
    }

    /**
     * {@code [N, C, H, W]} of {@code m} members as the rows the norm normalizes: per member and channel, per example,
     * or per example and group.
     */
    private INDArray toRows(INDArray z, Conv c, int m) {
        long rows = z.size(0);
        long image = (long) c.height() * c.width();
        return switch (norm) {
            case BATCHNORM -> z.reshape('c', m, rows / m, c.out(), image).permute(0, 2, 1, 3).dup('c')
                    .reshape('c', (long) m * c.out(), rows / m * image);
            case LAYERNORM -> z.reshape('c', rows, c.out() * image);
            case GROUPNORM -> z.reshape('c', rows * groups(c.out()), c.out() / groups(c.out()) * image);
            case NONE -> throw new IllegalStateException();
        };
    }

    private INDArray fromRows(INDArray r, Conv c, int m, long batch) {
        if (norm == Norm.BATCHNORM) {
            return r.reshape('c', m, c.out(), batch, c.height(), c.width()).permute(0, 2, 1, 3, 4).dup('c')
                    .reshape('c', m * batch, c.out(), c.height(), c.width());
        }
        return r.reshape('c', m * batch, c.out(), c.height(), c.width());
    }

    @Override
    public void backward(INDArray oneHot) {
        long rows = pass.probabilities.size(0);
        long batch = rows / members;
        INDArray d = pass.probabilities.sub(oneHot.reshape('c', rows, classes)).divi(batch);
        for (int l = denses.size() - 1; l >= 0; l--) {
            Dense dl = denses.get(l);
            if (l < denses.size() - 1) {
                d = kinks == null ? activation.backward(pass.densePre.get(l), pass.denseOut.get(l), d)
                        : kinks.backward(activation, 2 * convs.size() + l, pass.densePre.get(l),
                        pass.denseOut.get(l), d);
            }
            INDArray in3 = pass.denseInputs.get(l).reshape('c', members, batch, dl.in());
            INDArray d3 = d.reshape('c', members, batch, dl.out());
            long n = (long) dl.in() * dl.out();
            columnsView(grads, dl.w(), n).assign(Nd4j.matmul(in3, d3, true, false, false).reshape('c', members, n));
            columnsView(grads, dl.b(), dl.out()).assign(d3.sum(1));
            INDArray w = columns(params, 0, members, dl.w(), n).reshape('c', members, dl.in(), dl.out());
            d = Nd4j.matmul(d3, w, false, true, false).reshape('c', rows, dl.in());
        }
        int pad = (kernel - 1) / 2;
        for (int i = convs.size() - 1; i >= 0; i--) {
            Conv c = convs.get(i);
            int ph = c.pooledHeight();
            int pw = c.pooledWidth();
            INDArray dPooled = d.reshape('c', rows, c.out(), ph, pw);
            INDArray dAct;
            if (kinks == null) {
                dAct = Nd4j.create(dtype, rows, c.out(), c.height(), c.width());
                Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(pass.activated.get(i), dPooled)
                        .addOutputs(dAct).addIntegerArguments(POOLING).build());
            } else {
                // held: the inputs that were maximal where the kinks were recorded share the gradient
                INDArray mask = kinks.poolMask(2 * i + 1).dup();
                INDArray dEven = broadcast(new BroadcastMulOp(mask, dPooled, mask, 0, 1, 2, 4))
                        .reshape('c', rows, c.out(), 2L * ph, 2L * pw);
                dAct = dEven;
                if (c.height() != 2 * ph || c.width() != 2 * pw) {
                    dAct = Nd4j.zeros(dtype, rows, c.out(), c.height(), c.width());
                    dAct.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * ph),
                            NDArrayIndex.interval(0, 2 * pw)).assign(dEven);
                }
            }
            INDArray dy = kinks == null
                    ? activation.backward(pass.preActivation.get(i), pass.activated.get(i), dAct.dup('c'))
                    : kinks.backward(activation, 2 * i, pass.preActivation.get(i), pass.activated.get(i),
                    dAct.dup('c'));
            INDArray dz = norm == Norm.NONE ? dy : normBackward(i, dy, pass.normalized.get(i), pass.invStd.get(i));
            long taps = (long) c.in() * kernel * kernel;
            long pixels = (long) c.height() * c.width();
            INDArray dz3 = dz.reshape('c', rows, c.out(), pixels);
            // dW = Σ_b dz[b] col[b]ᵀ over each member's own examples, summed in a fixed order
            INDArray perExample = Nd4j.matmul(dz3, pass.columns.get(i), false, true, false);
            columnsView(grads, c.w(), c.out() * taps)
                    .assign(perExample.reshape('c', members, batch, c.out() * taps).sum(1));
            columnsView(grads, c.b(), c.out()).assign(dz3.reshape('c', members, batch, c.out(), pixels).sum(1, 3));
            if (i > 0) {
                INDArray dcol3 = Nd4j.matmul(pass.kernels.get(i), dz3, true, false, false);
                INDArray dcol = dcol3.reshape('c', rows, c.in(), kernel, kernel, c.height(), c.width());
                INDArray dIn = Nd4j.create(dtype, rows, c.in(), c.height(), c.width());
                // col2im takes the image's height and width where its config says kH and kW
                Convolution.col2im(dcol, dIn, 1, 1, pad, pad, c.height(), c.width(), 1, 1);
                d = dIn;
            }
        }
    }

    /** From the gradient at the norm's output to the gradient at its input; fills the scale and shift gradients. */
    private INDArray normBackward(int block, INDArray dy, INDArray xhat, INDArray invStd) {
        Conv c = convs.get(block);
        long rows = dy.size(0);
        long batch = rows / members;
        long pixels = (long) c.height() * c.width();
        columnsView(grads, c.gamma(), c.out())
                .assign(dy.mul(xhat).reshape('c', members, batch, c.out(), pixels).sum(1, 3));
        columnsView(grads, c.beta(), c.out()).assign(dy.reshape('c', members, batch, c.out(), pixels).sum(1, 3));
        INDArray dxhat = dy.dup('c');
        INDArray d4 = dxhat.reshape('c', members, batch, c.out(), pixels);
        broadcast(new BroadcastMulOp(d4, columns(params, 0, members, c.gamma(), c.out()), d4, 0, 2));
        // per normalized row of n values: dz = invStd / n * (n dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
        INDArray dr = toRows(dxhat, c, members);
        INDArray xr = toRows(xhat, c, members);
        long n = dr.size(1);
        INDArray s1 = dr.sum(true, 1);
        INDArray s2 = dr.mul(xr).sum(true, 1);
        INDArray dz = dr.mul(n).subiColumnVector(s1).subi(xr.mulColumnVector(s2)).muliColumnVector(invStd.div(n));
        return fromRows(dz, c, members, batch);
    }

    @Override
    public void keep(int[] rows) {
        INDArray kept = Nd4j.pullRows(params, 1, rows);
        PackedMlp.close(params);
        PackedMlp.close(grads);
        params = kept;
        grads = Nd4j.create(dtype, rows.length, size);
        for (int i = 0; i < runningMeans.size(); i++) {
            INDArray mean = Nd4j.pullRows(runningMeans.get(i), 1, rows);
            INDArray var = Nd4j.pullRows(runningVars.get(i), 1, rows);
            PackedMlp.close(runningMeans.get(i));
            PackedMlp.close(runningVars.get(i));
            runningMeans.set(i, mean);
            runningVars.set(i, var);
        }
        members = rows.length;
        pass = null;
    }

    @Override
    public void close() {
        PackedMlp.close(params);
        PackedMlp.close(grads);
        runningMeans.forEach(PackedMlp::close);
        runningVars.forEach(PackedMlp::close);
    }

    /** BatchNorm's running means and variances, {@code [members, channels]} per block (for tests). */
    List<INDArray> runningStatistics() {
        List<INDArray> stats = new ArrayList<>();
        for (int i = 0; i < runningMeans.size(); i++) {
            stats.add(runningMeans.get(i));
            stats.add(runningVars.get(i));
        }
        return stats;
    }

    long size() {
        return size;
    }

    @Override
    public String toString() {
        return "PackedCnn" + Arrays.toString(convs.stream().mapToInt(Conv::out).toArray());
    }

    /**
     * libnd4j's 2×2 max pooling, stride 2, no padding, in NCHW: kernel, stride, padding, dilation (each height then
     * width), not "same" mode (an odd last row or column is dropped), an unused extra, NCHW.
     */
    private static final int[] POOLING = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};

    private static INDArray broadcast(BroadcastOp op) {
        Nd4j.getExecutioner().exec(op);
        return op.z();
    }
}
