package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trial's network, as Frontier trains it: Frontier draws the batches, runs {@link #trainingStep}, clips the
 * gradient, applies its own optimizer and learning-rate schedule to {@link #params()}, watches the loss for divergence
 * and evaluates at the end. A model computes losses and gradients; it never updates its own parameters.
 *
 * <p>Built by a {@link ModelPlugin} for one trial (its parameters and seed). Arrays are ND4J {@code FLOAT}. Per-step
 * arrays a model creates inside {@link #trainingStep} and {@link #evaluate} may live in the workspace Frontier opens
 * around each call; {@link #params()} and {@link #grads()} must not (create them in the constructor).
 */
public interface Model extends AutoCloseable {
    /**
     * All trainable parameters as one {@code [1, n]} row, the same array for the model's whole life: Frontier's
     * optimizer updates it in place between steps.
     */
    INDArray params();

    /** {@code [1, n]}, laid out like {@link #params()}: where {@link #trainingStep} leaves the gradient. */
    INDArray grads();

    /**
     * One training step's forward and backward pass, in training mode: {@code x} is the batch ({@code [batch,
     * features]}), {@code oneHot} its labels ({@code [batch, classes]}). Returns the batch's mean loss and fills
     * {@link #grads()} with its gradient with respect to {@link #params()}. A loss that is not finite ends the trial
     * as diverged.
     */
    double trainingStep(INDArray x, INDArray oneHot);

    /** Evaluation mode on {@code x} and {@code oneHot} (as above): the loss summed over the rows, and how many it classified right. */
    Evaluation evaluate(INDArray x, INDArray oneHot);

    /** Frees native memory; the model is not used after. */
    @Override
    default void close() {
    }

    /** What {@link #evaluate} measured over its rows. */
    record Evaluation(double summedLoss, long correct) {
    }
}
