package dev.frontier.driver.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that run a sweep. */
final class RunOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (every core of this machine, the default), local[N], "
                    + "spark://host:7077, ... Under spark-submit, its --master.")
    String master;

    /** --master, else the master spark-submit was given, else every core of this machine. */
    String master() {
        if (master != null) return master;
        return System.getProperty("spark.master", "local[*]");
    }

    @Option(names = "--ui", description = "Start the Spark web UI (off by default).")
    boolean ui;

    @Option(names = "--rows", paramLabel = "AXIS",
            description = "Swept parameter drawn as the rows of the phase diagrams (default: warmupSteps when swept).")
    String rows;

    @Option(names = "--fresh", description = "Start over: move an existing run directory aside (renamed, never "
            + "deleted) instead of resuming it.")
    boolean fresh;

    @Option(names = "--yes", description = "Run a sweep of more than 100,000 trials.")
    boolean yes;

    @Option(names = "--pack", paramLabel = "N", description = "Train at most N trials together in one task "
            + "(trials that differ only in learning rate, warm-up, schedule, seed or clipping). Default: chosen from the model "
            + "and the sweep so that every core stays busy, at most 32; --pack 1 trains every trial alone. A trial's "
            + "results do not depend on its pack.")
    Integer pack;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (Spark, ND4J, Frontier) instead of WARN.")
    boolean verbose;
}
