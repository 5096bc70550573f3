package dev.frontier.driver;

import dev.frontier.driver.spark.SparkTrials;
import dev.frontier.reports.Finding;
import dev.frontier.reports.Findings;
import dev.frontier.reports.Frontier;
import dev.frontier.reports.RunInfo;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialPacks;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.store.AtomicFiles;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.sweeps.store.RunLock;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One sweep from spec to report: checks the spec's data, works out which trials the run directory still lacks, runs
 * them on Spark, appends each result to {@code trials.jsonl} the moment its task finishes, keeps the report current
 * while the sweep runs, and writes the final frontier. Everything that can be wrong with the input is found before
 * the run directory is touched.
 */
public final class SweepRun {
    /** How often, at most, the live report is rewritten while trials finish. */
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The live report's share of the driver's time, at most: it waits this many times its own writing time. */
    static final long REPORT_PAUSE_FACTOR = 19;

    private SweepRun() {
    }

    /** Where to run and what to show. */
    public record Options(String master, boolean ui, boolean interactive, String rows, String resumeCommand,
                          boolean verbose, Integer pack) {
    }

    /**
     * What a run would do: the checked spec and data, its run directory, the trials already finished there and the
     * trials still to run.
     */
    public record Plan(SweepSpec spec, Map<String, Dataset> data, Path runDir, List<TrialResult> finished,
                       List<TrialConfig> todo, List<Problem> unreadable, boolean fresh, String dataFingerprint,
                       List<Problem> warnings, long journalBytes) {
        public int total() {
            return finished.size() + todo.size();
        }

        /**
         * This plan, or, when the journal grew since it was made (another run was finishing in the directory), the
         * same plan with the trials journaled meanwhile moved from {@code todo} to {@code finished}.
         */
        Plan current() {
            if (fresh || journalSize(runDir) == journalBytes) return this;
            Set<TrialId> wanted = new LinkedHashSet<>();
            finished.forEach(r -> wanted.add(r.trialId()));
            todo.forEach(c -> wanted.add(c.id()));
            ResultStore.Contents now = ResultStore.read(runDir);
            List<TrialResult> done = now.results().stream().filter(r -> wanted.contains(r.trialId())).toList();
            Set<TrialId> doneIds = new LinkedHashSet<>();
            done.forEach(r -> doneIds.add(r.trialId()));
            List<TrialConfig> left = todo.stream().filter(c -> !doneIds.contains(c.id())).toList();
            return new Plan(spec, data, runDir, done, left, now.unreadable(), fresh, dataFingerprint, warnings,
                    journalSize(runDir));
        }
    }

    static long journalSize(Path runDir) {
        try {
            Path journal = runDir.resolve(RunFiles.TRIALS);
            return Files.exists(journal) ? Files.size(journal) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sweeps larger than this many trials run only with {@code --yes}. */
    public static final long TRIAL_LIMIT = 100_000;

    /** How a run ended. */
    public record Summary(Path runDir, Frontier frontier, int ran, int reused, boolean interrupted,
                          String resumeCommand) {
    }

    /** The default run directory of a spec: {@code runs/<name>} under the working directory. */
    public static Path defaultRunDir(SweepSpec spec) {
        return Path.of("runs").resolve(spec.directoryName());
    }

    /**
     * Checks {@code spec}, its data and the run directory: a directory holding another sweep's trials is refused
     * unless {@code fresh} (then nothing of it is reused); a sweep over {@link #TRIAL_LIMIT} trials needs
     * {@code yes}. Creates nothing.
     */
    public static Plan plan(SweepSpec spec, Path specDirectory, Path out, boolean fresh, boolean yes) {
        Path runDir = out == null ? defaultRunDir(spec) : out;
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new BadInputException("--out " + runDir, "is a file; the run directory must be a directory");
        }
        if (spec.trialCount() > TRIAL_LIMIT && !yes) {
            throw new BadInputException("grid", String.format(java.util.Locale.ROOT, "expands to %,d trials, more "
                    + "than %,d; check the axes, or add --yes to run them all", spec.trialCount(), TRIAL_LIMIT));
        }
        Map<String, Dataset> data = DataCheck.load(spec, specDirectory);
        String fingerprint = DataCheck.fingerprint(spec, specDirectory);
        long journalBytes = journalSize(runDir);
        ResultStore.Contents existing = fresh ? new ResultStore.Contents(List.of(), List.of())
                : ResultStore.read(runDir);
        if (!fresh) {
            BadInputException.throwIfAny(RunConflicts.between(runDir, spec, fingerprint,
                    existing.results().size()));
        }
        // every trial's id, hashed once: the journal is matched against them and the remaining trials go to Spark
        // in id order (a hash: a fair sample of the grid at every moment, so the ETA is not skewed by the slow
        // low-LR trials coming first, and the live report fills in across the whole grid)
        Map<TrialId, TrialConfig> trials = new java.util.TreeMap<>(java.util.Comparator.comparing(TrialId::toString));
        spec.trials().forEach(c -> trials.put(c.id(), c));
        List<TrialResult> finished = existing.results().stream().filter(r -> trials.containsKey(r.trialId()))
                .toList();
        Set<TrialId> done = new LinkedHashSet<>();
        finished.forEach(r -> done.add(r.trialId()));
        List<TrialConfig> todo = trials.entrySet().stream().filter(e -> !done.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new Plan(spec, data, runDir, finished, todo, existing.unreadable(), fresh, fingerprint,
                ModelSize.warnings(spec, data), journalBytes);
    }

    /** Checks that {@code rows}, the phase diagrams' row axis (null for the default), is a swept parameter. */
    public static void checkRows(SweepSpec spec, String rows) {
        RunReport.checkRows(spec, rows);
    }

    static Set<TrialId> ids(SweepSpec spec) {
        Set<TrialId> ids = new LinkedHashSet<>();
        spec.trials().forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** Runs the plan's remaining trials on Spark and writes the run directory; prints progress and the findings. */
    public static Summary run(Plan plan, Options options, PrintWriter out) throws InterruptedException, IOException {
        return run(plan, options, out, () -> SparkTrials.start(new SparkTrials.Settings(options.master(),
                "frontier: " + plan.spec().name(), options.ui(), options.verbose())));
    }

    /**
     * Runs the plan's remaining trials on the executor {@code executors} starts (once, and only if trials remain) and
     * writes the run directory; prints progress and the findings to {@code out}.
     */
    public static Summary run(Plan plan, Options options, PrintWriter out, Supplier<TrialExecutor> executors)
            throws InterruptedException, IOException {
        Path runDir = plan.runDir();
        boolean existed = Files.exists(runDir);
        // one writer per run directory, from before the first change to after the last
        RunLock lock = RunLock.acquire(runDir, runDir.toString());
        try {
            if (plan.fresh() && existed) {
                String stamp = runDir.getFileName() + ".before-" + now().replace(":", "").replace("-", "");
                Path kept = runDir.resolveSibling(stamp);
                for (int n = 2; Files.exists(kept); n++) kept = runDir.resolveSibling(stamp + "-" + n);
                Files.move(runDir, kept);
                out.println("--fresh: the previous run is kept in " + kept);
                RunLock moved = lock;
                lock = RunLock.acquire(runDir, runDir.toString());
                moved.close();
            }
            // planned before the lock was ours: trials another run journaled since are not run again
            return runLocked(plan.current(), options, out, executors);
        } finally {
            lock.close();
        }
    }

    private static Summary runLocked(Plan plan, Options options, PrintWriter out, Supplier<TrialExecutor> executors)
            throws InterruptedException, IOException {
        SweepSpec spec = plan.spec();
        Path runDir = plan.runDir();
        for (Problem p : plan.unreadable()) out.println("warning: " + p);
        for (Problem p : plan.warnings()) out.println("warning: " + p);
        out.printf("%s: %d trials (%d already finished) on %s → %s%n", spec.name(), plan.total(),
                plan.finished().size(), options.master(), runDir);

        Files.createDirectories(runDir);
        AtomicFiles.deleteLeftovers(runDir);
        if (spec.source() != null) AtomicFiles.write(runDir.resolve(RunFiles.SPEC), spec.source());
        String startedAt = now();
        List<TrialResult> results = new ArrayList<>(plan.finished());
        Interrupt interrupt = new Interrupt();
        int[] ran = {0};
        try (ResultStore store = ResultStore.open(runDir)) {
            if (plan.unreadable().isEmpty()) store.repaired().ifPresent(p -> out.println("warning: " + p));
            String sparkVersion = null;
            boolean finished = false;
            Summary summary = null;
            try {
                if (!plan.todo().isEmpty()) {
                    Progress progress = new Progress(out, options.interactive(), plan.todo().size());
                    try (TrialExecutor spark = executors.get()) {
                        sparkVersion = spark.version();
                        new RunRecord(options.master(), startedAt, null, sparkVersion, plan.dataFingerprint())
                                .write(runDir);
                        RunInfo live = new RunInfo(options.master(), startedAt, now(), true);
                        RunReport.write(runDir, spec, results, live, options.rows());
                        List<List<TrialConfig>> packs = TrialPacks.form(plan.todo(), spark.slots(),
                                c -> ModelSize.packLimit(c, plan.data(), options.pack()), ModelSize::packMinimum,
                                ModelSize::relativeCost);
                        if (packs.size() < plan.todo().size()) {
                            out.printf("%d trials in %d packs (trials that differ only in learning rate, warm-up, "
                                    + "schedule or seed train together)%n", plan.todo().size(), packs.size());
                        }
                        TrialExecutor.Job job = spark.submit(packs, plan.data());
                        interrupt.install(job);
                        progress.draw(true);
                        long lastReport = System.nanoTime();
                        long reportPause = REPORT_EVERY_NANOS;
                        while (!job.done() && !interrupt.requested()) {
                            List<TrialResult> arrived = job.pollAll(250);
                            if (!arrived.isEmpty()) take(arrived, store, results, progress, ran);
                            else progress.draw(false);
                            if (System.nanoTime() - lastReport > reportPause) {
                                long writing = System.nanoTime();
                                RunReport.write(runDir, spec, results,
                                        new RunInfo(options.master(), startedAt, now(), true), options.rows());
                                lastReport = System.nanoTime();
                                // as a sweep grows, so does its report: keep writing it a small share of the time
                                reportPause = Math.max(REPORT_EVERY_NANOS, REPORT_PAUSE_FACTOR * (lastReport - writing));
                            }
                        }
                        // results that reached the driver before an interrupt are kept too
                        take(job.pollAll(0), store, results, progress, ran);
                        progress.finish();
                        if (!interrupt.requested()) job.rethrowFailure();
                        finished = !interrupt.requested();
                        // the final report goes out before Spark stops, which can take seconds on a cluster
                        finalReport(runDir, spec, results, options, startedAt, sparkVersion, plan, finished);
                    }
                } else {
                    finished = true;
                }
            } finally {
                // whatever happened (a failed job, a full disk, Ctrl-C), the report stops saying "running"
                Frontier last = null;
                try {
                    last = finalReport(runDir, spec, results, options, startedAt, sparkVersion, plan, finished);
                } catch (RuntimeException e) {
                    out.println("warning: could not write the final report: " + e.getMessage());
                }
                if (last != null && (finished || interrupt.requested())) {
                    summary = new Summary(runDir, last, ran[0], plan.finished().size(), interrupt.requested(),
                            options.resumeCommand());
                    printSummary(summary, out);
                    out.flush();
                }
            }
            return summary;
        } finally {
            interrupt.finished();
        }
    }

    /** Journals the results that arrived together (one write, one force), then counts them: never before. */
    private static void take(List<TrialResult> arrived, ResultStore store, List<TrialResult> results,
                             Progress progress, int[] ran) {
        for (TrialResult r : store.appendAll(arrived)) {
            results.add(r);
            ran[0]++;
            progress.record(r);
        }
    }

    private static Frontier finalReport(Path runDir, SweepSpec spec, List<TrialResult> results, Options options,
                                        String startedAt, String sparkVersion, Plan plan, boolean finished) {
        new RunRecord(options.master(), startedAt, finished ? now() : null, sparkVersion, plan.dataFingerprint())
                .write(runDir);
        return RunReport.write(runDir, spec, results, new RunInfo(options.master(), startedAt, now(), false),
                options.rows());
    }

    /** A run directory read back: its spec as run, the results that belong to it, and lines that could not be read. */
    public record Finished(Path runDir, SweepSpec spec, List<TrialResult> results, List<Problem> unreadable) {
    }

    /** Reads a run directory's {@code sweep.yaml} and {@code trials.jsonl}; bad input when it is not a run directory. */
    public static Finished read(Path runDir) {
        if (!Files.isDirectory(runDir)) throw new BadInputException(runDir.toString(), "is not a directory");
        Path specFile = runDir.resolve(RunFiles.SPEC);
        if (!Files.exists(specFile)) {
            throw new BadInputException(specFile.toString(), "not found: " + runDir + " is not a run directory");
        }
        SweepSpec spec = SpecReader.read(specFile);
        ResultStore.Contents contents = ResultStore.read(runDir);
        return new Finished(runDir, spec, RunReport.of(spec, contents.results()), contents.unreadable());
    }

    /** Rewrites a run directory's derived files from its {@code sweep.yaml} and {@code trials.jsonl}. */
    public static Summary rebuildReport(Path runDir, String rows, PrintWriter out) {
        if (!Files.isDirectory(runDir)) throw new BadInputException(runDir.toString(), "is not a directory");
        try (RunLock ignored = RunLock.acquire(runDir, runDir.toString())) {
            return rebuildLocked(runDir, rows, out);
        }
    }

    private static Summary rebuildLocked(Path runDir, String rows, PrintWriter out) {
        Finished run = read(runDir);
        RunReport.checkRows(run.spec(), rows);
        for (Problem p : run.unreadable()) out.println("warning: " + p + " (skipped)");
        RunRecord record = RunRecord.read(runDir);
        RunInfo info = new RunInfo(record == null ? null : record.master(), record == null ? null : record.startedAt(),
                now(), false);
        Frontier frontier = RunReport.write(runDir, run.spec(), run.results(), info, rows);
        Summary summary = new Summary(runDir, frontier, 0, run.results().size(), false, null);
        printSummary(summary, out);
        return summary;
    }

    static void printSummary(Summary s, PrintWriter out) {
        Frontier.Counts n = s.frontier().counts();
        out.println();
        if (s.interrupted()) {
            out.printf("Interrupted: %d of %d trials finished. To resume: %s%n", n.finished(), n.planned(),
                    s.resumeCommand() == null ? "run the same command again" : s.resumeCommand());
        }
        out.printf("%d trials: %d converged, %d stalled, %d diverged, %d failed.%n", n.finished(), n.converged(),
                n.stalled(), n.diverged(), n.failed());
        out.println();
        for (Finding f : Findings.of(s.frontier())) out.println("  • " + f.text());
        out.println();
        out.println("Report:   " + s.runDir().resolve(RunFiles.REPORT));
        out.println("Frontier: " + s.runDir().resolve(RunFiles.FRONTIER));
        out.println("Trials:   " + s.runDir().resolve(RunFiles.TRIALS));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Ctrl-C during a sweep: stop scheduling, keep what finished, write the report, and let the JVM exit once the
     * main loop has written everything (a shutdown hook that waits for it, at most a few seconds).
     */
    private static final class Interrupt {
        private volatile boolean requested;
        private final CountDownLatch written = new CountDownLatch(1);
        private Thread hook;

        void install(TrialExecutor.Job job) {
            hook = new Thread(() -> {
                requested = true;
                // Spark's own shutdown now races the cancelled tasks and logs their rejection: nothing to act on
                org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.OFF);
                job.cancel();
                try {
                    written.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "frontier-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        boolean requested() {
            return requested;
        }

        void finished() {
            written.countDown();
            if (hook != null && !requested) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting; the hook will find the latch open
                }
            }
        }
    }
}
