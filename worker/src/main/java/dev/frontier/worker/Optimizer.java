package dev.frontier.worker;

import dev.frontier.sweeps.TrialConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Applies one optimizer step to a network's flat parameter array from its flat gradient array (which it may
 * overwrite). The formulas, with {@code lr} the schedule's value at step {@code t}, {@code g} the gradient and
 * {@code wd} the weight decay:
 * <ul>
 *   <li>every optimizer but adamw first adds the L2 term: {@code g += wd * p};</li>
 *   <li>{@code sgd}: {@code p -= lr * g} (ND4J's {@link Sgd});</li>
 *   <li>{@code momentum} (heavy ball, PyTorch's form): {@code buf = mu * buf + g; p -= lr * buf};</li>
 *   <li>{@code nesterov} (PyTorch's form): {@code buf = mu * buf + g; p -= lr * (g + mu * buf)}; mu = 0.9. ND4J's
 *   {@code Nesterovs} keeps the learning rate inside its velocity ({@code v = mu * v - lr * g}), which gives the same
 *   steps only while the learning rate is constant; during warm-up and decay it differs, so both momentum forms are
 *   written here (and tested against ND4J's at a constant learning rate);</li>
 *   <li>{@code adam}: ND4J's {@link Adam}, betas (0.9, 0.999), eps 1e-8:
 *   {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr sqrt(1 - b2^t') / (1 - b1^t') * m / (sqrt(v) + eps)}
 *   with {@code t' = t + 1} (the paper's "epsilon hat" form: eps is not bias-corrected);</li>
 *   <li>{@code adamw}: decoupled decay {@code p *= 1 - lr * wd}, then the adam step (wd defaults to 0.01);</li>
 *   <li>{@code rmsprop}: ND4J's {@link RmsProp} with alpha 0.99, eps 1e-8:
 *   {@code s = a s + (1 - a) g^2; p -= lr * g / (sqrt(s) + eps)} (its state starts at eps, not 0).</li>
 * </ul>
 */
abstract class Optimizer {
    static final double MOMENTUM = 0.9;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    static final double RMS_DECAY = 0.99;

    final INDArray params;
    final INDArray grads;
    final ISchedule learningRate;
    private final double l2;

    private Optimizer(INDArray params, INDArray grads, ISchedule learningRate, double l2) {
        this.params = params;
        this.grads = grads;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    static Optimizer of(TrialConfig c, INDArray params, INDArray grads) {
        return of(c.optimizer(), LearningRates.of(c), c.weightDecay(), params, grads);
    }

    static Optimizer of(String name, ISchedule lr, double weightDecay, INDArray params, INDArray grads) {
        return switch (name) {
            case "sgd" -> new Library(new Sgd(lr), params, grads, lr, weightDecay, 0);
            case "momentum" -> new HeavyBall(false, params, grads, lr, weightDecay);
            case "nesterov" -> new HeavyBall(true, params, grads, lr, weightDecay);
            case "adam" -> new Library(adam(lr), params, grads, lr, weightDecay, 0);
            case "adamw" -> new Library(adam(lr), params, grads, lr, 0, weightDecay);
            case "rmsprop" -> new Library(rmsProp(lr), params, grads, lr, weightDecay, 0);
            default -> throw new IllegalArgumentException("unknown optimizer " + name);
        };
    }

    private static Adam adam(ISchedule lr) {
        Adam adam = new Adam(lr);
        adam.setBeta1(BETA1);
        adam.setBeta2(BETA2);
        adam.setEpsilon(EPSILON);
        return adam;
    }

    private static RmsProp rmsProp(ISchedule lr) {
        RmsProp rms = new RmsProp(lr);
        rms.setRmsDecay(RMS_DECAY);
        rms.setEpsilon(EPSILON);
        return rms;
    }

    /** One step at iteration {@code t} (from 0), using and overwriting the gradient. */
    final void step(int t) {
        if (l2 != 0) Nd4j.getBlasWrapper().level1().axpy(params.length(), l2, params, grads);
        update(t, learningRate.valueAt(t, 0));
    }

    abstract void update(int t, double lr);

    /** One of ND4J's updaters on the whole flat gradient, with optional decoupled weight decay (AdamW). */
    private static final class Library extends Optimizer {
        private final GradientUpdater<?> updater;
        private final double decoupled;

        Library(IUpdater config, INDArray params, INDArray grads, ISchedule lr, double l2, double decoupled) {
            super(params, grads, lr, l2);
            long state = config.stateSize(params.length());
            this.updater = config.instantiate(state == 0 ? null : Nd4j.zeros(params.dataType(), 1, state), true);
            this.decoupled = decoupled;
        }

        @Override
        void update(int t, double lr) {
            if (decoupled != 0) params.muli(1 - lr * decoupled);
            updater.applyUpdater(grads, t, 0);
            params.subi(grads);
        }
    }

    /** Momentum and Nesterov momentum with the learning rate outside the buffer. */
    private static final class HeavyBall extends Optimizer {
        private final boolean nesterov;
        private final INDArray buffer;

        HeavyBall(boolean nesterov, INDArray params, INDArray grads, ISchedule lr, double l2) {
            super(params, grads, lr, l2);
            this.nesterov = nesterov;
            this.buffer = Nd4j.zeros(params.dataType(), params.length());
        }

        @Override
        void update(int t, double lr) {
            buffer.muli(MOMENTUM).addi(grads);
            var blas = Nd4j.getBlasWrapper().level1();
            if (nesterov) {
                blas.axpy(grads.length(), MOMENTUM, buffer, grads);
                blas.axpy(params.length(), -lr, grads, params);
            } else {
                blas.axpy(params.length(), -lr, buffer, params);
            }
        }
    }
}
