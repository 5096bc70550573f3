package dev.frontier.reports;

/**
 * One learning rate of one configuration, over its seeds.
 *
 * @param stable           every seed converged
 * @param medianFinalLoss  median final training loss of the seeds that did not diverge or fail
 * @param sensitivityLoss  median over seeds of min(finalLoss, initialLoss), a diverged seed counting as its initial
 *                         loss (the per-LR term of the LR sensitivity)
 * @param medianAccuracy   median validation accuracy of the seeds that have one
 * @param firstDivergence  the earliest step at which a seed diverged
 */
public record LrPoint(double learningRate, int seeds, int converged, int stalled, int diverged, int failed,
                      boolean stable, Double medianFinalLoss, Double sensitivityLoss, Double medianAccuracy,
                      Integer firstDivergence, Double medianClippedFraction, int catapults) {

    public LrPoint(double learningRate, int seeds, int converged, int stalled, int diverged, int failed,
                   boolean stable, Double medianFinalLoss, Double sensitivityLoss, Double medianAccuracy,
                   Integer firstDivergence, Double medianClippedFraction) {
        this(learningRate, seeds, converged, stalled, diverged, failed, stable, medianFinalLoss, sensitivityLoss,
                medianAccuracy, firstDivergence, medianClippedFraction, 0);
    }

    public LrPoint(double learningRate, int seeds, int converged, int stalled, int diverged, int failed,
                   boolean stable, Double medianFinalLoss, Double sensitivityLoss, Double medianAccuracy,
                   Integer firstDivergence) {
        this(learningRate, seeds, converged, stalled, diverged, failed, stable, medianFinalLoss, sensitivityLoss,
                medianAccuracy, firstDivergence, null, 0);
    }

    /** Some seeds converged and others stalled or diverged: the edge depends on the seed here (a failure is not). */
    public boolean mixed() {
        return converged > 0 && stalled + diverged > 0;
    }
}
