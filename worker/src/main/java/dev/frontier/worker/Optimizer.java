package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Applies one optimizer step to a pack's {@code [members, size]} parameters from its gradients (which it may
 * overwrite), each member at its own learning rate. The formulas, with {@code lr} the member's learning rate at step
 * {@code t} (from 0), {@code g} the gradient and {@code wd} the weight decay:
 * <ul>
 *   <li>every optimizer but adamw first adds the L2 term: {@code g += wd * p};</li>
 *   <li>{@code sgd}: {@code p -= lr * g};</li>
 *   <li>{@code momentum} (heavy ball, PyTorch's form): {@code buf = mu * buf + g; p -= lr * buf};</li>
 *   <li>{@code nesterov} (PyTorch's form): {@code buf = mu * buf + g; p -= lr * (g + mu * buf)}; mu = 0.9. ND4J's
 *   {@code Nesterovs} keeps the learning rate inside its velocity ({@code v = mu * v - lr * g}), which gives the same
 *   steps only while the learning rate is constant;</li>
 *   <li>{@code adam}: betas (0.9, 0.999), eps 1e-8 unless the trial sets {@code epsilon}; {@code m = b1 m + (1 - b1)
 *   g; v = b2 v + (1 - b2) g^2}, both from 0, and with {@code t' = t + 1}, in the {@code pytorch} form (PyTorch's
 *   {@code torch.optim.Adam}) {@code p -= lr / (1 - b1^t') * m / (sqrt(v) / sqrt(1 - b2^t') + eps)}, in the
 *   {@code nd4j} form (ND4J's {@code Adam} updater, the paper's "epsilon hat") {@code p -= lr sqrt(1 - b2^t') / (1 -
 *   b1^t') * m / (sqrt(v) + eps)}, whose eps is not bias-corrected (3.2e-7 in effect at the first step);</li>
 *   <li>{@code adamw}: decoupled decay {@code p *= 1 - lr * wd}, then the adam step (wd defaults to 0.01);</li>
 *   <li>{@code rmsprop}: alpha 0.99, eps 1e-8 unless the trial sets {@code epsilon}: {@code s = a s + (1 - a) g^2;
 *   p -= lr * g / (sqrt(s) + eps)}, s from 0 in the {@code pytorch} form ({@code torch.optim.RMSprop}), from eps in
 *   the {@code nd4j} form (ND4J's {@code RmsProp} updater), which damps the first steps of small gradients.</li>
 * </ul>
 * ND4J's updaters take one learning rate for the whole array. SGD and the momentum forms are a few pack-wide ND4J
 * calls, the learning rate broadcast per member; Adam, AdamW and RMSProp are a loop over each member's row in Java
 * (see {@link HeapKernel} for why). Every step rounds each element on its own (no sums across elements), so a
 * member's numbers do not depend on its pack; the tests hold each member to the formulas and to ND4J's updaters.
 */
abstract class Optimizer {
    static final double MOMENTUM = 0.9;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    static final double RMS_DECAY = 0.99;

    private final double l2;
    INDArray params;
    INDArray grads;

    private Optimizer(double l2) {
        this.l2 = l2;
    }

    /** The optimizer {@code name} for the pack's {@code [members, size]} parameters and gradients. */
    static Optimizer of(String name, double weightDecay, INDArray params, INDArray grads) {
        return of(name, weightDecay, EPSILON, params, grads);
    }

    /** The same, with Adam, AdamW and RMSProp's {@code epsilon} (the others take none), in the PyTorch form. */
    static Optimizer of(String name, double weightDecay, double epsilon, INDArray params, INDArray grads) {
        return of(name, weightDecay, epsilon, "pytorch", params, grads);
    }

    /** The same, with the adaptive optimizers' {@code form}: {@code pytorch} or {@code nd4j}. */
    static Optimizer of(String name, double weightDecay, double epsilon, String form, INDArray params,
                        INDArray grads) {
        boolean pytorch = switch (form == null ? "pytorch" : form) {
            case "pytorch" -> true;
            case "nd4j" -> false;
            default -> throw new IllegalArgumentException("unknown optimizer form " + form);
        };
        Optimizer o = switch (name) {
            case "sgd" -> new Sgd(weightDecay);
            case "momentum" -> new HeavyBall(false, weightDecay);
            case "nesterov" -> new HeavyBall(true, weightDecay);
            case "adam" -> new Adam(weightDecay, 0, epsilon, pytorch);
            case "adamw" -> new Adam(0, weightDecay, epsilon, pytorch);
            case "rmsprop" -> new RmsProp(weightDecay, epsilon, pytorch);
            default -> throw new IllegalArgumentException("unknown optimizer " + name);
        };
        o.params = params;
        o.grads = grads;
        o.createState();
        return o;
    }

    /** One step at iteration {@code t} (from 0), member {@code p} at learning rate {@code lr[p]}. */
    final void step(int t, double[] lr) {
        if (lr.length != params.size(0)) {
            throw new IllegalArgumentException(lr.length + " learning rates for " + params.size(0) + " members");
        }
        if (l2 != 0) grads.addi(params.mul(l2));
        update(t, lr);
    }

    /** Keeps the members at {@code rows}, whose parameters and gradients are now {@code params} and {@code grads}. */
    final void keep(int[] rows, INDArray params, INDArray grads) {
        this.params = params;
        this.grads = grads;
        keepState(rows);
    }

    abstract void createState();

    /** Frees the native memory of the optimizer's state; it is not used after. */
    void close() {
    }

    abstract void keepState(int[] rows);

    abstract void update(int t, double[] lr);

    /**
     * Member {@code p}'s preconditioner before step {@code t} (from 0): the per-parameter scale its next step divides
     * the gradient by, {@code sqrt(v / (1 - b2^t)) + eps} for Adam and AdamW with the state of the t steps taken
     * (infinite for a parameter whose gradient has been exactly zero throughout: it has not moved); null for the
     * optimizers without one, or before the first step.
     */
    double[] preconditioner(int p, int t) {
        return null;
    }

    /** A {@code [members, 1]} column of per-member factors, in the parameters' type. */
    final INDArray column(double[] values) {
        return Nd4j.createFromArray(values).castTo(params.dataType()).reshape(values.length, 1);
    }

    final INDArray state() {
        return Nd4j.zeros(params.dataType(), params.shape());
    }

    static INDArray keepRows(INDArray state, int[] rows) {
        return Nd4j.pullRows(state, 1, rows);
    }


    private static final class Sgd extends Optimizer {
        Sgd(double l2) {
            super(l2);
        }

        @Override
        void createState() {
        }

        @Override
        void keepState(int[] rows) {
        }

        @Override
        void update(int t, double[] lr) {
            params.subi(grads.muliColumnVector(column(lr)));
        }
    }

    /** Momentum and Nesterov momentum with the learning rate outside the buffer. */
    private static final class HeavyBall extends Optimizer {
        private final boolean nesterov;
        private INDArray buffer;

        HeavyBall(boolean nesterov, double l2) {
            super(l2);
            this.nesterov = nesterov;
        }

        @Override
        void createState() {
            buffer = state();
        }

        @Override
        void keepState(int[] rows) {
            INDArray kept = keepRows(buffer, rows);
            PackedMlp.close(buffer);
            buffer = kept;
        }

        @Override
        void close() {
            PackedMlp.close(buffer);
        }

        @Override
        void update(int t, double[] lr) {
            buffer.muli(MOMENTUM).addi(grads);
            INDArray step = nesterov ? grads.addi(buffer.mul(MOMENTUM)) : buffer.dup();
            params.subi(step.muliColumnVector(column(lr)));
        }
    }

    /**
     * A member-by-member kernel over the pack's gradients copied to the Java heap, with the optimizer's state kept
     * there: ND4J's square root runs at about 3.5 ns per element here (its fused Adam updater at about 5), which made
     * the update a third of a step of a 150,000-parameter network; this loop, vectorized by the JIT, is far cheaper.
     * The arithmetic is float, in the order ND4J's updaters use; the tests hold it to them.
     */
    private abstract static class HeapKernel extends Optimizer {
        float[] g;

        HeapKernel(double l2) {
            super(l2);
        }

        @Override
        final void createState() {
            if (params.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("this optimizer runs on float parameters, got " + params.dataType());
            }
            g = new float[(int) params.length()];
            createHeapState(g.length);
        }

        abstract void createHeapState(int length);

        @Override
        final void keepState(int[] rows) {
            int n = (int) params.size(1);
            g = new float[rows.length * n];
            keepHeapState(rows, n);
        }

        abstract void keepHeapState(int[] rows, int n);

        /** {@code state}'s rows at {@code rows}, {@code n} floats each. */
        static float[] keepRows(float[] state, int[] rows, int n) {
            float[] kept = new float[rows.length * n];
            for (int k = 0; k < rows.length; k++) System.arraycopy(state, rows[k] * n, kept, k * n, n);
            return kept;
        }

        void beforeStep(double[] lr) {
        }

        @Override
        final void update(int t, double[] lr) {
            beforeStep(lr);
            FloatBuffer gradients = grads.data().asNioFloat();
            gradients.get(0, g, 0, g.length);
            int n = (int) params.size(1);
            for (int p = 0; p < lr.length; p++) step(t, lr[p], p * n, (p + 1) * n);
            gradients.put(0, g, 0, g.length);
            params.subi(grads);
        }

        /** Turns {@code g[from, to)} into the step to subtract from one member's parameters, updating its state. */
        abstract void step(int t, double lr, int from, int to);
    }

    private static final class Adam extends HeapKernel {
        private final double decoupled;
        private final float eps;
        private final boolean pytorch;
        private float[] m;
        private float[] v;

        Adam(double l2, double decoupled, double epsilon, boolean pytorch) {
            super(l2);
            this.decoupled = decoupled;
            this.eps = (float) epsilon;
            this.pytorch = pytorch;
        }

        /** AdamW's decoupled decay, straight to the parameters of every member at once. */
        @Override
        void beforeStep(double[] lr) {
            if (decoupled == 0) return;
            double[] shrink = new double[lr.length];
            for (int p = 0; p < lr.length; p++) shrink[p] = 1 - lr[p] * decoupled;
            params.muliColumnVector(column(shrink));
        }

        @Override
        void createHeapState(int length) {
            m = new float[length];
            v = new float[length];
        }

        @Override
        void keepHeapState(int[] rows, int n) {
            m = keepRows(m, rows, n);
            v = keepRows(v, rows, n);
        }

        @Override
        void step(int t, double lr, int from, int to) {
            if (pytorch) {
                pytorchStep(t, lr, from, to);
                return;
            }
            float alpha = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t + 1)) / (1 - Math.pow(BETA1, t + 1)));
            float b1 = (float) BETA1;
            float b2 = (float) BETA2;
            float c1 = (float) (1 - BETA1);
            float c2 = (float) (1 - BETA2);
            float eps = this.eps;
            float[] g = this.g;
            float[] m = this.m;
            float[] v = this.v;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + c1 * gi;
                float vi = b2 * v[i] + c2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                g[i] = mi * alpha / ((float) Math.sqrt(vi) + eps);
            }
        }

        @Override
        double[] preconditioner(int p, int t) {
            if (t < 1) return null;
            int n = (int) params.size(1);
            double correction = Math.sqrt(1 - Math.pow(BETA2, t));
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = Sharpness.frozen(v[p * n + i]) / correction + eps;
            return d;
        }

        /** PyTorch's order: {@code denom = sqrt(v) / sqrt(1 - b2^t') + eps; p -= lr / (1 - b1^t') * m / denom}. */
        private void pytorchStep(int t, double lr, int from, int to) {
            float stepSize = (float) (lr / (1 - Math.pow(BETA1, t + 1)));
            float correction2 = (float) Math.sqrt(1 - Math.pow(BETA2, t + 1));
            float b1 = (float) BETA1;
            float b2 = (float) BETA2;
            float c1 = (float) (1 - BETA1);
            float c2 = (float) (1 - BETA2);
            float eps = this.eps;
            float[] g = this.g;
            float[] m = this.m;
            float[] v = this.v;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + c1 * gi;
                float vi = b2 * v[i] + c2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                g[i] = stepSize * (mi / ((float) Math.sqrt(vi) / correction2 + eps));
            }
        }
    }

    private static final class RmsProp extends HeapKernel {
        private final float eps;
        private final boolean pytorch;
        private float[] s;

        RmsProp(double l2, double epsilon, boolean pytorch) {
            super(l2);
            this.eps = (float) epsilon;
            this.pytorch = pytorch;
        }

        @Override
        void createHeapState(int length) {
            s = new float[length];
            if (!pytorch) Arrays.fill(s, eps);
        }

        @Override
        void keepHeapState(int[] rows, int n) {
            s = keepRows(s, rows, n);
        }

        @Override
        void step(int t, double lr, int from, int to) {
            float rate = (float) lr;
            float decay = (float) RMS_DECAY;
            float c = (float) (1 - RMS_DECAY);
            float eps = this.eps;
            float[] g = this.g;
            float[] s = this.s;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float si = decay * s[i] + c * gi * gi;
                s[i] = si;
                g[i] = gi * rate / ((float) Math.sqrt(si) + eps);
            }
        }
    }
}
