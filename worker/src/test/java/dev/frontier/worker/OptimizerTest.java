package dev.frontier.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each optimizer against its formula, written out here in plain double arithmetic, over steps whose learning rate
 * changes (a warm-up) and with weight decay, so that where the learning rate sits in the formula matters.
 */
class OptimizerTest {
    static final int N = 6;
    static final int STEPS = 12;

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

    /** Runs the shipped optimizer over the gradient sequence and returns the parameters after each step. */
    static double[][] shipped(String name, ISchedule lr, double wd, double[][] g) {
        INDArray params = Nd4j.createFromArray(start());
        INDArray grads = Nd4j.zeros(params.dataType(), N);
        Optimizer opt = Optimizer.of(name, lr, wd, params, grads);
        double[][] out = new double[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            grads.assign(Nd4j.createFromArray(g[t]));
            opt.step(t);
            out[t] = params.toDoubleVector();
        }
        return out;
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
    void followsItsFormulaThroughWarmupWithWeightDecay(String name) {
        ISchedule lr = LearningRates.of(0.05, 5, STEPS, "cosine");
        double[][] g = gradients(name.hashCode());
        double[][] expected = formula(name, lr, 0.03, g);
        double[][] actual = shipped(name, lr, 0.03, g);
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < N; i++) {
                assertEquals(expected[t][i], actual[t][i], 1e-12 * Math.max(1, Math.abs(expected[t][i])),
                        name + " step " + t + " parameter " + i);
            }
        }
    }

    @Test
    void nesterovMatchesNd4jsWhileTheLearningRateIsConstant() {
        double lr = 0.07;
        double[][] g = gradients(9);
        double[][] ours = shipped("nesterov", LearningRates.of(lr, 0, STEPS, "constant"), 0, g);
        INDArray params = Nd4j.createFromArray(start());
        GradientUpdater<?> nd4j = new Nesterovs(lr, 0.9).instantiate(Nd4j.zeros(params.dataType(), 1, N), true);
        for (int t = 0; t < STEPS; t++) {
            INDArray grad = Nd4j.createFromArray(g[t]);
            nd4j.applyUpdater(grad, t, 0);
            params.subi(grad);
            for (int i = 0; i < N; i++) assertEquals(params.getDouble(i), ours[t][i], 1e-12, "step " + t);
        }
    }

    @Test
    void nesterovDiffersFromNd4jsDuringWarmup() {
        double[][] g = gradients(9);
        ISchedule warm = LearningRates.of(0.07, 6, STEPS, "constant");
        double[][] ours = shipped("nesterov", warm, 0, g);
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
