package dev.frontier.sweeps.data;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A classification dataset in memory: {@code rows} examples of {@code features} floats (row-major in {@code x}) and
 * an integer label in {@code [0, classes)} each.
 */
public record Dataset(String name, int rows, int features, int classes, float[] x, int[] labels,
                      List<String> featureNames, List<String> classNames) implements Serializable {
    public Dataset {
        Objects.requireNonNull(name, "name");
        if (rows < 0 || features < 1 || classes < 2) {
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

    /**
     * The chance loss: the cross-entropy of predicting every example's class with the classes' frequencies here, which
     * is their entropy (ln C nats for C balanced classes).
     */
    public double chanceLoss() {
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
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * features, nx, i * features, features);
            nl[i] = labels[indices[i]];
        }
        return new Dataset(newName, indices.length, features, classes, nx, nl, featureNames, classNames);
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
