package dev.frontier.sweeps;

import java.util.List;

/**
 * Decides which trials a sweep runs, in rounds: {@link #ask} proposes a batch, and once every trial of it has
 * finished {@link #tell} hands back their results, in the order they were proposed (never the order they happened to
 * finish in), so a resumed sweep decides exactly what an uninterrupted one would. Runs nothing and stores nothing.
 */
public interface Search {
    /** The next batch of trials to run, given every result told so far; empty once there is nothing more to run. */
    List<TrialConfig> ask();

    /** The results of the last batch asked for, in the order it listed the trials (missing ones are left out). */
    void tell(List<TrialResult> results);
}
