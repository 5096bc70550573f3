package dev.frontier.sweeps.store;

/** The names of the files in a run directory. */
public final class RunFiles {
    /** One JSON object per finished trial, appended and flushed as each finishes. */
    public static final String TRIALS = "trials.jsonl";
    /** The spec as run. */
    public static final String SPEC = "sweep.yaml";
    /** Where and when the sweep last ran (see {@link RunRecord}). */
    public static final String RUN = "run.json";
    /** The frontier of every configuration, and the gains of every axis value. */
    public static final String FRONTIER = "frontier.json";
    /** The self-contained HTML report. */
    public static final String REPORT = "report.html";
    /** Trials as a flat table, for spreadsheets and pandas. */
    public static final String TRIALS_CSV = "trials.csv";
    /** Frontier as a flat table. */
    public static final String FRONTIER_CSV = "frontier.csv";
    /** Locked by the one process writing the directory; names it (see {@link RunLock}). */
    public static final String LOCK = ".lock";

    private RunFiles() {
    }
}
