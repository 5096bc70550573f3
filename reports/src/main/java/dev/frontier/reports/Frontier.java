package dev.frontier.reports;

import java.util.List;

/**
 * The stability frontier of a sweep: one {@link ConfigurationFrontier} per configuration with results, in grid order,
 * and the {@link Gain} of every value of every swept parameter against its baseline.
 *
 * @param sweep                   the sweep's name
 * @param configurationParameters the swept parameters that make a configuration (every axis but learningRate, seed)
 * @param counts                  trials by outcome, and how many the sweep has in all
 * @param findings                the answer in sentences (see {@link Findings}), computed once with the frontier
 */
public record Frontier(String sweep, List<String> configurationParameters, List<ConfigurationFrontier> configurations,
                       List<Gain> gains, Counts counts, List<Finding> findings) {

    /**
     * Trials by outcome. {@code planned}: the grid's trials, or for a boundary search ({@code plannedAtMost}) the most
     * it can run; it stops sooner where brackets close early.
     */
    public record Counts(int finished, int planned, int converged, int stalled, int diverged, int failed,
                         double trialSeconds, boolean plannedAtMost) {
        /** "570 of at most 576", "37 of 132". */
        public String progress() {
            return finished + " of " + (plannedAtMost ? "at most " : "") + planned;
        }
    }
}
