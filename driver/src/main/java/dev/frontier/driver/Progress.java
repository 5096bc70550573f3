package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialResult;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress of a sweep: on a terminal one line rewritten in place (trials done of total, diverged, failed,
 * elapsed, ETA); elsewhere (CI, a pipe) a plain line at every tenth of the way, so logs stay readable.
 */
public final class Progress {
    private final PrintWriter out;
    private final boolean interactive;
    private final int total;
    private final long start = System.nanoTime();
    private int diverged;
    private int failed;
    private int lastDecile = -1;
    private final java.util.List<Long> finishedAt = new java.util.ArrayList<>();
    private long lastDraw;

    Progress(PrintWriter out, boolean interactive, int total) {
        this.out = out;
        this.interactive = interactive;
        this.total = total;
    }

    /** A terminal that is not a CI log: CI is detected by the usual CI environment variable. */
    public static boolean interactiveTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    void record(TrialResult r) {
        finishedAt.add(System.nanoTime());
        if (r.outcome() == Outcome.DIVERGED) diverged++;
        if (r.outcome() == Outcome.FAILED) failed++;
        draw(false);
    }

    /** Redraws the line on a terminal (at most a few times a second), or prints it at each new tenth elsewhere. */
    private int done() {
        return finishedAt.size();
    }

    void draw(boolean force) {
        if (interactive) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < 200_000_000L && done() < total) return;
            lastDraw = now;
            out.print("\r" + line() + "   ");
            out.flush();
        } else {
            int decile = total == 0 ? 10 : done() * 10 / total;
            if (decile != lastDecile || force) {
                lastDecile = decile;
                out.println(line());
            }
        }
    }

    void finish() {
        if (interactive) {
            draw(true);
            out.println();
        } else {
            draw(false);
        }
    }

    String line() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        int done = done();
        String eta = done == 0 || done >= total ? "" : " · ETA " + clock(secondsPerTrial(elapsed) * (total - done));
        return String.format(Locale.ROOT, "  %d/%d trials · %d diverged · %d failed · %s elapsed%s", done, total,
                diverged, failed, clock(elapsed), eta);
    }

    /**
     * The recent pace: seconds per trial over the later half of the trials finished so far, so that start-up (Spark,
     * ND4J, the JIT) and a first batch of slower trials do not inflate the ETA for the rest of the sweep.
     */
    private double secondsPerTrial(double elapsed) {
        return secondsPerTrial(finishedAt, elapsed);
    }

    /** {@code finishedAt}: when each trial finished (nanoseconds, ascending); {@code elapsed}: seconds so far. */
    static double secondsPerTrial(java.util.List<Long> finishedAt, double elapsed) {
        int done = finishedAt.size();
        if (done < 4) return elapsed / done;
        int from = done / 2;
        return (finishedAt.get(done - 1) - finishedAt.get(from - 1)) / 1e9 / (done - from);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
