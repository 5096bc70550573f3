package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * What {@link TrialRunner} trains: a pack of networks of one shape side by side, member {@code p} with row {@code p}
 * of {@code [members, size]} parameters and gradients. The built-in MLP packs many members; a {@link Model} of the
 * user's is a pack of one ({@link SingleModel}).
 */
interface PackedModel extends AutoCloseable {
    int members();

    /** {@code [members, size]}: one row of parameters per member, updated in place by the optimizer. */
    INDArray params();

    /** {@code [members, size]}: the gradient of each member's last training loss. */
    INDArray grads();

    /** Member {@code p}'s initial weights from {@code random}. */
    void initialize(int p, Random random);

    /**
     * The forward pass in training mode on {@code x[p]}, member p's {@code [batch, features]} batch; {@code oneHot} is
     * {@code [members, batch, classes]}. Returns each member's mean loss; {@link #backward} may follow.
     */
    double[] trainingLoss(INDArray[] x, INDArray oneHot);

    /** Fills {@link #grads()} with the gradient of each member's last {@link #trainingLoss}. */
    void backward(INDArray oneHot);

    /** Evaluation mode on rows every member shares: each member's summed loss, and how many rows it got right. */
    double[][] evaluate(INDArray x, INDArray oneHot, int[] labels);

    /** Keeps only the members at {@code rows}, in that order, bit for bit. */
    void keep(int[] rows);

    /** Whether a step's arrays may live in the workspace the runner opens around each step (DL4J's may not). */
    /**
     * Holds the network's kinks where {@code kinks} recorded them (their first pass records them), or lets them move
     * again for null; a network without kinks ignores it.
     */
    default void holdKinks(Kinks kinks) {
    }

    default boolean stepWorkspace() {
        return true;
    }

    @Override
    void close();
}
