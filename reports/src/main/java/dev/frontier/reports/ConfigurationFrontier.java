package dev.frontier.reports;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frontier of one configuration (a trial's swept parameters other than the learning rate and the seed).
 *
 * @param configuration          the configuration's swept parameters, in the spec's axis order
 * @param label                  the same in words, e.g. "optimizer=adam, normalization=batchnorm"
 * @param points                 every learning rate tried, ascending
 * @param bestLearningRate       the stable learning rate with the lowest median final loss
 * @param maxStableLearningRate  walking up from the best, the last stable learning rate before the first unstable one
 * @param maxStableIsGridEdge    the walk reached the top of the grid: the true frontier may lie higher
 * @param firstUnstableLearningRate the learning rate just above the max stable one
 * @param stableBand             the contiguous stable learning rates around the best: [lowest, highest]
 * @param lrSensitivity          mean over the grid of min(finalLoss, initialLoss) - bestLoss (Wortsman et al. 2023)
 * @param bestLoss               the lowest per-LR loss of the sensitivity terms
 * @param mixedSeedLearningRates learning rates where some seeds converged and others did not
 * @param seeds                  each seed's own max stable learning rate, when there are several seeds
 * @param bracketDecades         how far apart, in decades, the max stable and the first unstable rate are: the
 *                               resolution the frontier is known to (null at the grid's edge or when nothing trained)
 * @param seedSpreadDecades      how far apart, in decades, the seeds' own max stable rates are (null for one seed)
 * @param halfStopLearningRate   walking up from the best, the first rate where fewer than half of the seeds converged
 * @param smithRatio             best learning rate / max stable learning rate
 * @param nonMonotone            a rate above the first unstable one is stable again: the frontier is the first
 *                               failure going up from the best, and there is more above it
 * @param sharpnessAtInit        the median over the trials of the sharpness at initialization (the top eigenvalue
 *                               of the training loss's Hessian), when measured
 * @param predictedCriticalLearningRate what the sharpness predicts for gradient descent on a quadratic: 2 / λ for
 *                               sgd, (2 + 2β) / λ for momentum and nesterov (β = 0.9); null for the other
 *                               optimizers or without a sharpness
 * @param catapults              trials that trained after their loss rose above its start (a catapult)
 * @param sharpnessTrajectory    at the max stable learning rate, the median sharpness at each probed step (0 is
 *                               initialization), when {@code training.sharpness.at} asked for steps; for adam and
 *                               adamw, the preconditioned sharpness
 * @param preconditionedSharpnessAtInit for adam and adamw, the median preconditioned sharpness at initialization
 *                               (the top eigenvalue of D⁻¹H, D from the gradients' second moments there), from which
 *                               the predicted critical learning rate is (2 + 2β1) / ((1 - β1) λ_pre) = 38 / λ_pre
 * @param edgeTrajectory         at the same steps, the median of learning rate × sharpness over the edge of
 *                               stability (2 for sgd, 3.8 for momentum and nesterov, 38 for adam and adamw's λ_pre),
 *                               with the learning rate in effect at that step (through warm-up, the warmed-up share):
 *                               above 1, a step that would diverge on a quadratic
 * @param predictionRule         how the prediction was made: "2/λ" (sgd), "3.8/λ" (momentum, nesterov) or
 *                               "38/λ_pre" (adam, adamw); null without one
 */
public record ConfigurationFrontier(Map<String, Object> configuration, String label, List<LrPoint> points,
                                    Double bestLearningRate, Double maxStableLearningRate,
                                    boolean maxStableIsGridEdge, Double firstUnstableLearningRate,
                                    List<Double> stableBand, Double lrSensitivity, Double bestLoss,
                                    List<Double> mixedSeedLearningRates, int trials, List<SeedFrontier> seeds,
                                    Double bracketDecades, Double seedSpreadDecades, Double halfStopLearningRate,
                                    Double smithRatio, boolean nonMonotone, Double sharpnessAtInit,
                                    Double predictedCriticalLearningRate, int catapults,
                                    Map<Integer, Double> sharpnessTrajectory, Double preconditionedSharpnessAtInit,
                                    Map<Integer, Double> edgeTrajectory, String predictionRule) {

    public ConfigurationFrontier {
        sharpnessTrajectory = sharpnessTrajectory == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(sharpnessTrajectory));
        edgeTrajectory = edgeTrajectory == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(edgeTrajectory));
    }

    public ConfigurationFrontier(Map<String, Object> configuration, String label, List<LrPoint> points,
                                 Double bestLearningRate, Double maxStableLearningRate, boolean maxStableIsGridEdge,
                                 Double firstUnstableLearningRate, List<Double> stableBand, Double lrSensitivity,
                                 Double bestLoss, List<Double> mixedSeedLearningRates, int trials,
                                 List<SeedFrontier> seeds, Double bracketDecades, Double seedSpreadDecades,
                                 Double halfStopLearningRate, Double smithRatio, boolean nonMonotone,
                                 Double sharpnessAtInit, Double predictedCriticalLearningRate, int catapults) {
        this(configuration, label, points, bestLearningRate, maxStableLearningRate, maxStableIsGridEdge,
                firstUnstableLearningRate, stableBand, lrSensitivity, bestLoss, mixedSeedLearningRates, trials, seeds,
                bracketDecades, seedSpreadDecades, halfStopLearningRate, smithRatio, nonMonotone, sharpnessAtInit,
                predictedCriticalLearningRate, catapults, Map.of(), null, Map.of(), null);
    }

    public ConfigurationFrontier(Map<String, Object> configuration, String label, List<LrPoint> points,
                                 Double bestLearningRate, Double maxStableLearningRate, boolean maxStableIsGridEdge,
                                 Double firstUnstableLearningRate, List<Double> stableBand, Double lrSensitivity,
                                 Double bestLoss, List<Double> mixedSeedLearningRates, int trials,
                                 List<SeedFrontier> seeds, Double bracketDecades, Double seedSpreadDecades,
                                 Double halfStopLearningRate, Double smithRatio, boolean nonMonotone) {
        this(configuration, label, points, bestLearningRate, maxStableLearningRate, maxStableIsGridEdge,
                firstUnstableLearningRate, stableBand, lrSensitivity, bestLoss, mixedSeedLearningRates, trials, seeds,
                bracketDecades, seedSpreadDecades, halfStopLearningRate, smithRatio, nonMonotone, null, null, 0);
    }

    /** Whether the sharpness and the prediction are Adam's, preconditioned by its second moments. */
    public boolean preconditioned() {
        return preconditionedSharpnessAtInit != null;
    }

    /** Predicted critical learning rate over observed max stable: above 1, training stopped before the prediction. */
    public Double predictedOverObserved() {
        return predictedCriticalLearningRate == null || maxStableLearningRate == null ? null
                : predictedCriticalLearningRate / maxStableLearningRate;
    }

    /** One seed's frontier: the same walk over that seed's trials alone; null when it never trained. */
    public record SeedFrontier(int seed, Double maxStableLearningRate, boolean maxStableIsGridEdge) {
    }

    public Object get(String param) {
        return configuration.get(param);
    }

    /** The point at {@code lr}, or null. */
    public LrPoint point(Double lr) {
        if (lr == null) return null;
        return points.stream().filter(p -> p.learningRate() == lr).findFirst().orElse(null);
    }
}
