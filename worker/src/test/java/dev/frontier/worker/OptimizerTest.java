package dev.frontier.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each optimizer in its {@code nd4j} form (the PyTorch form is {@link PyTorchOptimizerTest}'s, against PyTorch's own
 * steps) against its formula, written out here in plain double arithmetic, and against ND4J's own updater where ND4J
 * has one, member by member of a pack whose members follow different learning-rate schedules (warm-up,
 * decay), with weight decay, so that where the learning rate sits in the formula matters.
 */
class OptimizerTest {
    static final int N = 6;
    static final int STEPS = 12;
    /** Relative: the optimizers run in float, as trials do; the references in double (formulas) or float (ND4J). */
    static final double TOLERANCE = 2e-6;

    static double[][] gradients(long seed) {
        Random r = new Random(seed);
        double[][] g = new double[STEPS][N];
        for (double[] row : g) for (int i = 0; i < N; i++) row[i] = r.nextGaussian() * (i + 1);
        return g;
    }

    static double[] start() {
        double[] p = new double[N];
        for (int i = 0; i < N; i++) p[i] = 0.5 - 0.2 * i;
        return p;
    }

    /**
     * Runs the shipped optimizer on a pack whose member p follows {@code lr[p]} over the gradients {@code g[p]}, and
     * returns each member's parameters after each step: {@code [member][step][parameter]}.
     */
    static double[][][] shipped(String name, ISchedule[] lr, double wd, double[][][] g) {
        return shipped(name, lr, wd, Optimizer.EPSILON, g);
    }

    static double[][][] shipped(String name, ISchedule[] lr, double wd, double eps, double[][][] g) {
        int members = lr.length;
        INDArray params = Nd4j.create(DataType.FLOAT, members, N);
        for (int p = 0; p < members; p++) params.getRow(p).assign(Nd4j.createFromArray(start()));
        INDArray grads = params.ulike();
        Optimizer opt = Optimizer.of(name, wd, eps, "nd4j", params, grads);
        double[][][] out = new double[members][STEPS][];
        for (int t = 0; t < STEPS; t++) {
            double[] rates = new double[members];
            for (int p = 0; p < members; p++) {
                grads.getRow(p).assign(Nd4j.createFromArray(g[p][t]).castTo(DataType.FLOAT));
                rates[p] = lr[p].valueAt(t, 0);
            }
            opt.step(t, rates);
            for (int p = 0; p < members; p++) out[p][t] = params.getRow(p).toDoubleVector();
        }
        return out;
    }

    /** Three members: a warm-up into cosine decay, a constant rate, a step decay; each with its own gradients. */
    static ISchedule[] schedules() {
        return new ISchedule[]{LearningRates.of(0.05, 5, STEPS, "cosine"), LearningRates.of(0.3, 0, STEPS, "constant"),
                LearningRates.of(0.01, 2, STEPS, "step")};
    }

    static double[][][] packGradients(String name) {
        double[][][] g = new double[3][][];
        for (int p = 0; p < 3; p++) g[p] = gradients(name.hashCode() + 31L * p);
        return g;
    }

    /** The documented formulas. */
    static double[][] formula(String name, ISchedule schedule, double wd, double[][] g) {
        double[] p = start();
        double[] buf = new double[N];
        double[] m = new double[N];
        double[] v = new double[N];
        double[] s = new double[N];
        java.util.Arrays.fill(s, Optimizer.EPSILON);
        double[][] out = new double[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            double lr = schedule.valueAt(t, 0);
            for (int i = 0; i < N; i++) {
                double gi = g[t][i] + (name.equals("adamw") ? 0 : wd * p[i]);
                switch (name) {
                    case "sgd" -> p[i] -= lr * gi;
                    case "momentum" -> {
                        buf[i] = 0.9 * buf[i] + gi;
                        p[i] -= lr * buf[i];
                    }
                    case "nesterov" -> {
                        buf[i] = 0.9 * buf[i] + gi;
                        p[i] -= lr * (gi + 0.9 * buf[i]);
                    }
                    case "adam", "adamw" -> {
                        if (name.equals("adamw")) p[i] *= 1 - lr * wd;
                        m[i] = 0.9 * m[i] + 0.1 * gi;
                        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                        double step = lr * Math.sqrt(1 - Math.pow(0.999, t + 1)) / (1 - Math.pow(0.9, t + 1));
                        p[i] -= step * m[i] / (Math.sqrt(v[i]) + 1e-8);
                    }
                    case "rmsprop" -> {
                        s[i] = 0.99 * s[i] + 0.01 * gi * gi;
                        p[i] -= lr * gi / (Math.sqrt(s[i]) + 1e-8);
                    }
                    default -> throw new IllegalArgumentException(name);
                }
            }
            out[t] = p.clone();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"})
    void eachMemberFollowsItsFormulaThroughItsScheduleWithWeightDecay(String name) {
        ISchedule[] lr = schedules();
        double[][][] g = packGradients(name);
        double[][][] actual = shipped(name, lr, 0.03, g);
        for (int p = 0; p < lr.length; p++) {
            double[][] expected = formula(name, lr[p], 0.03, g[p]);
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < N; i++) {
                    assertEquals(expected[t][i], actual[p][t][i], TOLERANCE * Math.max(1, Math.abs(expected[t][i])),
                            name + " member " + p + " step " + t + " parameter " + i);
                }
            }
        }
    }

    /** ND4J's own updater for {@code name}, at the schedule {@code lr}. */
    static IUpdater nd4j(String name, ISchedule lr) {
        return nd4j(name, lr, Optimizer.EPSILON);
    }

    static IUpdater nd4j(String name, ISchedule lr, double eps) {
        return switch (name) {
            case "sgd" -> new Sgd(lr);
            case "adam" -> {
                Adam adam = new Adam(lr);
                adam.setBeta1(Optimizer.BETA1);
                adam.setBeta2(Optimizer.BETA2);
                adam.setEpsilon(eps);
                yield adam;
            }
            case "rmsprop" -> {
                RmsProp rms = new RmsProp(lr);
                rms.setRmsDecay(Optimizer.RMS_DECAY);
                rms.setEpsilon(eps);
                yield rms;
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @CsvSource({"sgd, 1e-8", "adam, 1e-8", "rmsprop, 1e-8", "adam, 1e-3", "rmsprop, 1e-3"})
    void eachMemberMatchesNd4jsOwnUpdaterAtItsOwnSchedule(String name, double eps) {
        ISchedule[] lr = schedules();
        double[][][] g = packGradients(name);
        double[][][] packed = shipped(name, lr, 0, eps, g);
        for (int p = 0; p < lr.length; p++) {
            INDArray params = Nd4j.createFromArray(start()).castTo(DataType.FLOAT);
            IUpdater config = nd4j(name, lr[p], eps);
            long state = config.stateSize(N);
            GradientUpdater<?> updater = config.instantiate(state == 0 ? null
                    : Nd4j.zeros(params.dataType(), 1, state), true);
            for (int t = 0; t < STEPS; t++) {
                INDArray grad = Nd4j.createFromArray(g[p][t]).castTo(DataType.FLOAT);
                updater.applyUpdater(grad, t, 0);
                params.subi(grad);
                for (int i = 0; i < N; i++) {
                    assertEquals(params.getDouble(i), packed[p][t][i], TOLERANCE * Math.max(1, Math.abs(packed[p][t][i])),
                            name + " member " + p + " step " + t + " parameter " + i);
                }
            }
        }
    }

    @Test
    void nesterovMatchesNd4jsWhileTheLearningRateIsConstant() {
        double lr = 0.07;
        double[][] g = gradients(9);
        double[][] ours = shipped("nesterov", new ISchedule[]{LearningRates.of(lr, 0, STEPS, "constant")}, 0,
                new double[][][]{g})[0];
        INDArray params = Nd4j.createFromArray(start());
        GradientUpdater<?> nd4j = new Nesterovs(lr, 0.9).instantiate(Nd4j.zeros(params.dataType(), 1, N), true);
        for (int t = 0; t < STEPS; t++) {
            INDArray grad = Nd4j.createFromArray(g[t]);
            nd4j.applyUpdater(grad, t, 0);
            params.subi(grad);
            for (int i = 0; i < N; i++) assertEquals(params.getDouble(i), ours[t][i], TOLERANCE, "step " + t);
        }
    }

    @Test
    void nesterovDiffersFromNd4jsDuringWarmup() {
        double[][] g = gradients(9);
        ISchedule warm = LearningRates.of(0.07, 6, STEPS, "constant");
        double[][] ours = shipped("nesterov", new ISchedule[]{warm}, 0, new double[][][]{g})[0];
        INDArray params = Nd4j.createFromArray(start());
        GradientUpdater<?> nd4j = new Nesterovs(warm, 0.9).instantiate(Nd4j.zeros(params.dataType(), 1, N), true);
        double largest = 0;
        for (int t = 0; t < STEPS; t++) {
            INDArray grad = Nd4j.createFromArray(g[t]);
            nd4j.applyUpdater(grad, t, 0);
            params.subi(grad);
            for (int i = 0; i < N; i++) largest = Math.max(largest, Math.abs(params.getDouble(i) - ours[t][i]));
        }
        org.junit.jupiter.api.Assertions.assertTrue(largest > 1e-3,
                "the two momentum forms should part ways when the learning rate changes, differed by " + largest);
    }
}
