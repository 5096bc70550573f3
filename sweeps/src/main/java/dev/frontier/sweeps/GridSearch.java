package dev.frontier.sweeps;

import java.util.List;

/** The search that proposes every trial of a grid at once, and nothing after it. */
public final class GridSearch implements Search {
    private List<TrialConfig> todo;

    /** Proposes {@code todo}, the grid's trials still to run, in that order. */
    public GridSearch(List<TrialConfig> todo) {
        this.todo = List.copyOf(todo);
    }

    @Override
    public List<TrialConfig> ask() {
        List<TrialConfig> batch = todo;
        todo = List.of();
        return batch;
    }

    @Override
    public void tell(List<TrialResult> results) {
        // a grid learns nothing from its results
    }
}
