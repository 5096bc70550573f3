package dev.frontier.driver;

import dev.frontier.driver.spark.SparkTrials;
import dev.frontier.reports.Finding;
import dev.frontier.reports.Frontier;
import dev.frontier.reports.RunInfo;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.Search;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialPacks;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunDirectory;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.sweeps.store.RunLock;
import dev.frontier.sweeps.store.RunRecord;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a planned sweep: asks its {@link Search} for a batch of trials, packs it, submits it to a
 * {@link TrialExecutor}, journals each result the moment it arrives, keeps the live report current at a pace tied to
 * its cost, hands the batch's results back to the search, and repeats until the search has nothing more to run or the
 * user stops it. Then writes the final report. One controller per run directory at a time (its lock).
 */
public final class SweepController {
    /** How often, at most, the live report is rewritten while trials finish. */
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The live report's share of the driver's time, at most: it waits this many times its own writing time. */
    static final long REPORT_PAUSE_FACTOR = 19;

    /** Where to run and what to show. */
    public record Options(String master, boolean ui, boolean interactive, String rows, String resumeCommand,
                          boolean verbose, Integer pack) {
    }

    /** How a run ended. */
    public record Summary(Path runDir, Frontier frontier, int ran, int reused, boolean interrupted,
                          String resumeCommand) {
    }

    private final SweepPlanner.Plan plan;
    private final Options options;
    private final PrintWriter out;
    private final RunDirectory dir;
    private final String startedAt = now();
    private final List<TrialResult> results;
    private final Interrupt interrupt = new Interrupt();
    private ResultStore store;
    private String version;
    private int ran;
    private long lastReport = System.nanoTime();
    private long reportPause = REPORT_EVERY_NANOS;

    private SweepController(SweepPlanner.Plan plan, Options options, PrintWriter out) {
        this.plan = plan;
        this.options = options;
        this.out = out;
        this.dir = plan.runDir();
        this.results = new ArrayList<>(plan.finished());
    }

    /** Runs the plan's remaining trials on Spark and writes the run directory; prints progress and the findings. */
    public static Summary run(SweepPlanner.Plan plan, Options options, PrintWriter out)
            throws InterruptedException, IOException {
        return run(plan, options, out, () -> SparkTrials.start(new SparkTrials.Settings(options.master(),
                "frontier: " + plan.spec().name(), options.ui(), options.verbose())));
    }

    /**
     * Runs the plan's remaining trials on the executor {@code executors} starts (once, and only if trials remain) and
     * writes the run directory; prints progress and the findings to {@code out}.
     */
    public static Summary run(SweepPlanner.Plan plan, Options options, PrintWriter out,
                              Supplier<TrialExecutor> executors) throws InterruptedException, IOException {
        return run(plan, options, out, executors, SweepPlanner.Plan::search);
    }

    /** As {@link #run(SweepPlanner.Plan, Options, PrintWriter, Supplier)}, asking the search {@code searches} makes. */
    static Summary run(SweepPlanner.Plan plan, Options options, PrintWriter out, Supplier<TrialExecutor> executors,
                       Function<SweepPlanner.Plan, Search> searches) throws InterruptedException, IOException {
        RunDirectory dir = plan.runDir();
        boolean existed = dir.exists();
        // one writer per run directory, from before the first change to after the last
        RunLock lock = dir.lock(dir.toString());
        try {
            if (plan.fresh() && existed) {
                Path kept = dir.moveAside(now().replace(":", "").replace("-", ""));
                out.println("--fresh: the previous run is kept in " + kept);
                RunLock moved = lock;
                lock = dir.lock(dir.toString());
                moved.close();
            }
            // planned before the lock was ours: trials another run journaled since are not run again
            SweepPlanner.Plan current = plan.current();
            return new SweepController(current, options, out).runLocked(executors, searches.apply(current));
        } finally {
            lock.close();
        }
    }

    private Summary runLocked(Supplier<TrialExecutor> executors, Search search) throws InterruptedException {
        SweepSpec spec = plan.spec();
        for (Problem p : plan.unreadable()) out.println("warning: " + p);
        for (Problem p : plan.warnings()) out.println("warning: " + p);
        if (spec.search() == null) {
            out.printf("%s: %d trials (%d already finished) on %s → %s%n", spec.name(), plan.total(),
                    plan.finished().size(), options.master(), dir);
        } else {
            out.printf("%s: a boundary search of at most %d trials (%d already finished) on %s → %s%n", spec.name(),
                    spec.plannedTrials(), plan.finished().size(), options.master(), dir);
        }
        dir.prepare(spec.source());
        try (ResultStore journal = dir.openJournal()) {
            store = journal;
            if (plan.unreadable().isEmpty()) store.repaired().ifPresent(p -> out.println("warning: " + p));
            boolean finished = false;
            Summary summary = null;
            Frontier last = null;
            try {
                List<TrialConfig> batch = search.ask();
                if (batch.isEmpty()) {
                    finished = true;
                } else {
                    Progress progress = new Progress(out, options.interactive(), batch.size());
                    try (TrialExecutor executor = executors.get()) {
                        version = executor.version();
                        dir.write(record(false));
                        writeReport(true);
                        while (!batch.isEmpty() && !interrupt.requested()) {
                            List<TrialResult> round = runBatch(batch, executor, progress);
                            if (interrupt.requested()) break;
                            search.tell(round);
                            batch = search.ask();
                            progress.more(batch.size());
                        }
                        progress.finish();
                        finished = !interrupt.requested();
                        // the final report goes out before Spark stops, which can take seconds on a cluster
                        last = finalReport(finished);
                    }
                }
            } finally {
                // whatever happened (a failed job, a full disk, Ctrl-C), the report stops saying "running"
                try {
                    if (last == null) last = finalReport(finished);
                } catch (RuntimeException e) {
                    out.println("warning: could not write the final report: " + e.getMessage());
                }
                if (last != null && (finished || interrupt.requested())) {
                    summary = new Summary(dir.path(), last, ran, plan.finished().size(), interrupt.requested(),
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

    /**
     * Runs one batch the search asked for and returns its results in the batch's order: packs it, submits it, and
     * journals results as they arrive, until every pack has ended or the user stops the sweep.
     */
    private List<TrialResult> runBatch(List<TrialConfig> batch, TrialExecutor executor, Progress progress)
            throws InterruptedException {
        List<List<TrialConfig>> packs = TrialPacks.form(batch, executor.slots(),
                c -> ModelSize.packLimit(c, plan.data(), options.pack()), ModelSize::packMinimum,
                ModelSize::relativeCost);
        if (packs.size() < batch.size()) {
            out.printf("%d trials in %d packs (trials that differ only in learning rate, warm-up, schedule, seed or clipping "
                    + "train together)%n", batch.size(), packs.size());
        }
        TrialExecutor.Job job = executor.submit(packs, plan.inputs());
        interrupt.watch(job);
        progress.draw(true);
        // each id hashed once: a grid's batch can hold 100,000 trials
        List<TrialId> ids = batch.stream().map(TrialConfig::id).toList();
        Map<TrialId, TrialConfig> asked = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) asked.put(ids.get(i), batch.get(i));
        Map<TrialId, TrialResult> arrived = new HashMap<>();
        while (!job.done() && !interrupt.requested()) {
            List<TrialResult> taken = job.pollAll(250);
            if (!taken.isEmpty()) take(taken, progress, asked, arrived);
            else progress.draw(false);
            if (System.nanoTime() - lastReport > reportPause) {
                long writing = System.nanoTime();
                writeReport(true);
                lastReport = System.nanoTime();
                // as a sweep grows, so does its report: keep writing it a small share of the time
                reportPause = Math.max(REPORT_EVERY_NANOS, REPORT_PAUSE_FACTOR * (lastReport - writing));
            }
        }
        // results that reached the driver before an interrupt are kept too
        take(job.pollAll(0), progress, asked, arrived);
        if (!interrupt.requested()) {
            job.rethrowFailure();
            long lost = ids.stream().filter(id -> !arrived.containsKey(id)).count();
            // a search would ask for them again, and again: a job that ends without every result is a bug
            if (lost > 0) throw new IllegalStateException(lost + " trials of the batch ended without a result");
        }
        return ids.stream().map(arrived::get).filter(Objects::nonNull).toList();
    }

    /**
     * Journals the results that arrived together (one write, one force), then counts them: never before. The
     * results kept in memory drop their loss curves (the report reads back the few it draws from the journal) and
     * share the config the search asked with.
     */
    private void take(List<TrialResult> taken, Progress progress, Map<TrialId, TrialConfig> asked,
                      Map<TrialId, TrialResult> arrived) {
        for (TrialResult r : store.appendAll(taken)) {
            TrialResult kept = r.withoutCurve(asked.getOrDefault(r.trialId(), r.config()));
            results.add(kept);
            arrived.put(r.trialId(), kept);
            ran++;
            progress.record(r);
        }
    }

    private RunRecord record(boolean finished) {
        return new RunRecord(options.master(), startedAt, finished ? now() : null, version, plan.dataFingerprint());
    }

    private Frontier writeReport(boolean live) {
        return RunReport.write(dir, plan.spec(), results, new RunInfo(options.master(), startedAt, now(), live),
                options.rows(), store::curve);
    }

    private Frontier finalReport(boolean finished) {
        dir.write(record(finished));
        return writeReport(false);
    }

    static void printSummary(Summary s, PrintWriter out) {
        Frontier.Counts n = s.frontier().counts();
        out.println();
        if (s.interrupted()) {
            out.printf("Interrupted: %s trials finished. To resume: %s%n", n.progress(),
                    s.resumeCommand() == null ? "run the same command again" : s.resumeCommand());
        }
        out.printf("%d trials: %d converged, %d stalled, %d diverged, %d failed.%n", n.finished(), n.converged(),
                n.stalled(), n.diverged(), n.failed());
        out.println();
        for (Finding f : s.frontier().findings()) out.println("  • " + f.text());
        out.println();
        out.println("Report:   " + s.runDir().resolve(RunFiles.REPORT));
        out.println("Frontier: " + s.runDir().resolve(RunFiles.FRONTIER));
        out.println("Trials:   " + s.runDir().resolve(RunFiles.TRIALS));
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Ctrl-C during a sweep: stop scheduling, keep what finished, write the report, and let the JVM exit once the
     * controller has written everything (a shutdown hook that waits for it, at most a few seconds).
     */
    private static final class Interrupt {
        private volatile boolean requested;
        private volatile TrialExecutor.Job job;
        private final CountDownLatch written = new CountDownLatch(1);
        private Thread hook;

        /** Cancels {@code job} on Ctrl-C (the batch running now; the hook goes in with the first). */
        void watch(TrialExecutor.Job running) {
            job = running;
            if (hook != null) return;
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
