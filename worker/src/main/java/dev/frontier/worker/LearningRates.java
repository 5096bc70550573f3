package dev.frontier.worker;

import dev.frontier.sweeps.TrialConfig;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Map;
import java.util.TreeMap;

/**
 * The learning rate at every step, as an ND4J {@link ISchedule} over iterations (steps from 0):
 * <ul>
 *   <li>warm-up: {@code lr * (t + 1) / warmupSteps} while {@code t < warmupSteps} (ND4J's {@link RampSchedule});</li>
 *   <li>then, with {@code s = t - warmupSteps} and {@code S = steps - warmupSteps}:
 *     {@code constant} keeps {@code lr} ({@link FixedSchedule});
 *     {@code step} multiplies it by 0.1 at {@code s = S/2} and again at {@code s = 3S/4} ({@link MapSchedule});
 *     {@code cosine} is {@code lr * (1 + cos(pi * s / S)) / 2} (ND4J has no cosine schedule).</li>
 * </ul>
 */
final class LearningRates {
    private LearningRates() {
    }

    static ISchedule of(TrialConfig c) {
        return of(c.learningRate(), c.warmupSteps(), c.steps(), c.schedule());
    }

    static ISchedule of(double lr, int warmup, int steps, String decay) {
        int after = Math.max(1, steps - warmup);
        ISchedule base = switch (decay) {
            case "constant" -> new FixedSchedule(lr);
            case "step" -> {
                Map<Integer, Double> values = new TreeMap<>();
                values.put(0, lr);
                values.put(Math.max(1, after / 2), lr * 0.1);
                values.put(Math.max(1, (3 * after) / 4), lr * 0.01);
                yield new MapSchedule(ScheduleType.ITERATION, values);
            }
            case "cosine" -> new Cosine(lr, after);
            default -> throw new IllegalArgumentException("unknown schedule " + decay);
        };
        if (warmup == 0) return base;
        return new RampSchedule(new Delayed(base, warmup), warmup);
    }

    /** {@code base} started {@code delay} steps late; before that, its first value. */
    static final class Delayed implements ISchedule {
        private final ISchedule base;
        private final int delay;

        Delayed(ISchedule base, int delay) {
            this.base = base;
            this.delay = delay;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return base.valueAt(Math.max(0, iteration - delay), epoch);
        }

        @Override
        public ISchedule clone() {
            return new Delayed(base.clone(), delay);
        }
    }

    /** Cosine decay from {@code lr} towards 0 over {@code length} steps (PyTorch's CosineAnnealingLR, eta_min 0). */
    static final class Cosine implements ISchedule {
        private final double lr;
        private final int length;

        Cosine(double lr, int length) {
            this.lr = lr;
            this.length = length;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return lr * 0.5 * (1 + Math.cos(Math.PI * Math.min(iteration, length) / length));
        }

        @Override
        public ISchedule clone() {
            return new Cosine(lr, length);
        }
    }
}
