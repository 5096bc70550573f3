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
     * either side has no stable learning rate. A side "at the grid's edge" was stable up to the highest learning rate
     * tried, so its max stable LR is a lower bound: the ratio is then a bound too, or (both at the edge) says nothing.
     * {@code resolutionDecades} is the wider of the two brackets [max stable, first unstable], {@code noiseDecades}
     * the sweep's seed noise (the pooled standard deviation of a seed's own max stable rate; null for one seed),
     * {@code seeds} the fewer seeds of the two. {@code valueClippedFraction} is the median fraction of steps that
     * gradient clipping scaled down at the value's max stable rate (null without clipping).
     */
    public record Comparison(Map<String, Object> context, Double baselineMaxStable, Double valueMaxStable,
                             Double maxStableRatio, boolean baselineAtGridEdge, boolean valueAtGridEdge,
                             Double baselineBest, Double valueBest, Double bestRatio, Double sensitivityChange,
                             Double bestLossChange, Double resolutionDecades, Double noiseDecades, int seeds,
                             Effect effect, Double baselineFirstUnstable, Double valueFirstUnstable,
                             Double valueClippedFraction) {

        /** Both sides trained up to the top of the grid: the grid cannot tell them apart. */
        public boolean bothAtGridEdge() {
            return baselineAtGridEdge && valueAtGridEdge;
        }
    }

    /**
     * What a comparison can claim. {@code RAISED}: the value's max stable learning rate lies above the baseline's
     * first unstable one, and the seeds' own max stable rates moved up by more than chance would move them once in a
     * thousand times given the sweep's seed noise (Student's t); {@code LOWERED} the mirror image;
     * {@code UNCLEAR} otherwise, when both trained (a move of one grid step, or within the seeds' noise);
     * {@code INCOMPARABLE} when either never trained.
     */
    public enum Effect {
        RAISED, LOWERED, UNCLEAR, INCOMPARABLE
    }
}
