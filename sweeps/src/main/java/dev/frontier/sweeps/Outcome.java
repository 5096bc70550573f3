package dev.frontier.sweeps;

/** How a trial ended. Divergence is an outcome, never an error; FAILED means the trial threw. */
public enum Outcome {
    /** Trained: the loss stayed bounded and fell below the stall line. */
    CONVERGED,
    /** Stayed bounded but did not learn: the mean loss of the last 10% of steps stayed near the first loss. */
    STALLED,
    /** The loss became non-finite or rose above lossFactor times the first loss; the trial stopped there. */
    DIVERGED,
    /** The trial threw (a bug or bad data, not a training outcome); its message is kept. */
    FAILED
}
