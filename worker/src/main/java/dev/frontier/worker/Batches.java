package dev.frontier.worker;

import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

/**
 * Minibatches in shuffled epochs: each epoch is a fresh permutation of the training examples (drawn from the trial's
 * seed), cut into consecutive batches; a last batch smaller than the batch size is dropped, so every step sees the
 * same number of examples. The permuted epoch is copied once into buffers allocated up front, and each batch is a
 * view of them.
 */
final class Batches {
    private final INDArray x;
    private final INDArray oneHot;
    private final INDArray epochX;
    private final INDArray epochY;
    private final int batchSize;
    private final int perEpoch;
    private final Random random;
    private int next;

    /**
     * Batches of the training split whose features and one-hot labels are {@code x} and {@code oneHot} (shared by
     * every seed of a pack, and not owned here), shuffled from {@code seed}.
     */
    Batches(INDArray x, INDArray oneHot, int batchSize, long seed) {
        if (batchSize > x.size(0)) {
            throw new IllegalArgumentException("a batch of " + batchSize + " is larger than the training split ("
                    + x.size(0) + " examples)");
        }
        this.x = x;
        this.oneHot = oneHot;
        this.epochX = x.ulike();
        this.epochY = oneHot.ulike();
        this.batchSize = batchSize;
        this.perEpoch = (int) (x.size(0) / batchSize);
        this.random = new Random(seed);
        this.next = perEpoch;
    }

    static INDArray features(Dataset d, DataType dtype) {
        return Nd4j.createFromArray(d.x()).reshape('c', d.rows(), d.features()).castTo(dtype);
    }

    /** The labels as a {@code [rows, classes]} one-hot matrix; for regression, the targets as a {@code [rows, 1]} column. */
    static INDArray oneHot(Dataset d, DataType dtype) {
        if (d.isRegression()) return Nd4j.createFromArray(d.targets()).reshape('c', d.rows(), 1).castTo(dtype);
        float[] y = new float[d.rows() * d.classes()];
        for (int i = 0; i < d.rows(); i++) y[i * d.classes() + d.labels()[i]] = 1f;
        return Nd4j.createFromArray(y).reshape('c', d.rows(), d.classes()).castTo(dtype);
    }

    /** Moves to the next batch, reshuffling at the start of each epoch. Call outside a step's workspace. */
    void advance() {
        if (next == perEpoch) {
            int[] order = Split.permutation((int) x.size(0), random);
            Nd4j.pullRows(x, epochX, 1, order);
            Nd4j.pullRows(oneHot, epochY, 1, order);
            next = 0;
        }
        next++;
    }

    /** Frees this seed's shuffled copy; the batches are not used after. */
    void close() {
        PackedMlp.close(epochX);
        PackedMlp.close(epochY);
    }

    INDArray x() {
        return rows(epochX);
    }

    INDArray y() {
        return rows(epochY);
    }

    private INDArray rows(INDArray epoch) {
        long from = (long) (next - 1) * batchSize;
        return epoch.get(NDArrayIndex.interval(from, from + batchSize), NDArrayIndex.all());
    }
}
