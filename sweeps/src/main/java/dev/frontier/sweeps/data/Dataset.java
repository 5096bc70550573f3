package dev.frontier.sweeps.data;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A dataset in memory: {@code rows} examples of {@code features} floats (row-major in {@code x}) and, for
 * classification, an integer label in {@code [0, classes)} each; for regression ({@code targets} not null), a number
 * each, with one "class" (the target's name) and every label 0.
 */
public record Dataset(String name, int rows, int features, int classes, float[] x, int[] labels,
                      List<String> featureNames, List<String> classNames, float[] targets) implements Serializable {
    public Dataset(String name, int rows, int features, int classes, float[] x, int[] labels,
                   List<String> featureNames, List<String> classNames) {
        this(name, rows, features, classes, x, labels, featureNames, classNames, null);
    }

    /** A regression dataset: a target per example, named {@code target}. */
    public static Dataset regression(String name, int rows, int features, float[] x, float[] targets,
                                     List<String> featureNames, String target) {
        return new Dataset(name, rows, features, 1, x, new int[rows], featureNames, List.of(target), targets);
    }

    public Dataset {
        Objects.requireNonNull(name, "name");
        if (targets != null && (classes != 1 || targets.length != rows)) {
            throw new IllegalArgumentException("a regression dataset has one target per row and classes 1");
        }
        if (rows < 0 || features < 1 || classes < (targets == null ? 2 : 1)) {
            throw new IllegalArgumentException("bad shape: rows " + rows + ", features " + features
                    + ", classes " + classes);
        }
        if (x.length != (long) rows * features || labels.length != rows) {
            throw new IllegalArgumentException("arrays do not match " + rows + " x " + features);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) throw new IllegalArgumentException("label out of range: " + label);
        }
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (featureNames.size() != features || classNames.size() != classes) {
            throw new IllegalArgumentException("names do not match the shape");
        }
    }

    public boolean isRegression() {
        return targets != null;
    }

    /**
     * The chance loss: the cross-entropy of predicting every example's class with the classes' frequencies here, which
     * is their entropy (ln C nats for C balanced classes); for regression, the squared error of predicting the mean,
     * which is the targets' (population) variance.
     */
    public double chanceLoss() {
        if (targets != null) return variance();
        return entropy();
    }

    /** The targets' population variance (regression only). */
    public double variance() {
        double mean = 0;
        for (float t : targets) mean += t;
        mean /= Math.max(1, rows);
        double sum = 0;
        for (float t : targets) sum += (t - mean) * (t - mean);
        return sum / Math.max(1, rows);
    }

    private double entropy() {
        double entropy = 0;
        for (int n : classCounts()) {
            if (n == 0) continue;
            double p = (double) n / rows;
            entropy -= p * Math.log(p);
        }
        return entropy;
    }

    public float get(int row, int feature) {
        return x[row * features + feature];
    }

    /** The examples at {@code indices}, in that order. */
    public Dataset rows(int[] indices, String newName) {
        float[] nx = new float[indices.length * features];
        int[] nl = new int[indices.length];
        float[] nt = targets == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * features, nx, i * features, features);
            nl[i] = labels[indices[i]];
            if (nt != null) nt[i] = targets[indices[i]];
        }
        return new Dataset(newName, indices.length, features, classes, nx, nl, featureNames, classNames, nt);
    }

    /** Examples per class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) counts[label]++;
        return counts;
    }

    static List<String> numberedNames(String prefix, int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = prefix + i;
        return List.of(names);
    }
}
