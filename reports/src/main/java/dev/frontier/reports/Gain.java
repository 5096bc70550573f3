package dev.frontier.reports;

import java.util.List;
import java.util.Map;

/**
 * How one axis value moves the frontier against the axis's baseline (its first listed value), every other swept
 * parameter fixed. One {@link Comparison} per setting of the other parameters.
 *
 * @param medianMaxStableRatio median over comparisons of value's max stable LR / baseline's (where both exist)
 * @param medianBestRatio      the same for the best LR
 */
public record Gain(String axis, Object value, Object baseline, List<Comparison> comparisons,
                   Double medianMaxStableRatio, Double minMaxStableRatio, Double maxMaxStableRatio,
                   Double medianBestRatio, Double medianSensitivityChange, Double medianBestLossChange) {

    /**
     * One side-by-side: the other parameters ({@code context}), and both configurations' numbers. A ratio is null when
     * either side has no stable learning rate; {@code lowerBound} when the value's max stable LR is the grid's top.
     */
    public record Comparison(Map<String, Object> context, Double baselineMaxStable, Double valueMaxStable,
                             Double maxStableRatio, boolean lowerBound, Double baselineBest, Double valueBest,
                             Double bestRatio, Double sensitivityChange, Double bestLossChange) {
    }
}
