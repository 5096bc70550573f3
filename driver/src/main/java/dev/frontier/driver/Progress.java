package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live progress of a sweep: on a terminal one line rewritten in place (trials done of total, diverged, failed,
 * elapsed, ETA); elsewhere (CI, a pipe) a plain line at every tenth of the way, so logs stay readable.
 */
public final class Progress {
    private final PrintWriter out;
    private final boolean interactive;
    private int total;
    private int round = 1;
    /** Trials done when the current round began. */
    private int roundStart;
    private final long start = System.nanoTime();
    private int diverged;
    private int failed;
    private int lastDecile = -1;
    private final List<Long> finishedAt = new ArrayList<>();
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

    /** Counts {@code trials} more to run: a search's next round, shown in the line from then on. */
    void more(int trials) {
        if (trials == 0) return;
        roundStart = done();
        total += trials;
        round++;
        lastDecile = -1;
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
            int decile = total == roundStart ? 10 : (done() - roundStart) * 10 / (total - roundStart);
            // a search's later rounds are short: a line as each begins and ends, not at every tenth
            if (round > 1 && decile < 10) decile = 0;
            if (decile > lastDecile || force) {
                lastDecile = Math.max(lastDecile, decile);
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
        // a search's ETA covers the rounds asked so far: the next ones are not known yet
        return String.format(Locale.ROOT, "  %s%d/%d trials · %d diverged · %d failed · %s elapsed%s",
                round > 1 ? "round " + round + " · " : "", done, total, diverged, failed, clock(elapsed), eta);
    }

    /**
     * The recent pace: seconds per trial over the later half of the trials finished so far, so that start-up (Spark,
     * ND4J, the JIT) and a first batch of slower trials do not inflate the ETA for the rest of the sweep.
     */
    private double secondsPerTrial(double elapsed) {
        return secondsPerTrial(finishedAt, elapsed);
    }

    /** Results taken within this long of each other arrived together (a pack's members, say). */
    static final long SAME_ARRIVAL_NANOS = 50_000_000L;

    /**
     * {@code finishedAt}: when each trial finished (nanoseconds, ascending); {@code elapsed}: seconds so far. The
     * window is the later half of the trials, opened at the last arrival before it: results arrive in bursts (a pack
     * at a time), and a window that opened inside a burst would see trials finish in no time.
     */
    static double secondsPerTrial(List<Long> finishedAt, double elapsed) {
        int done = finishedAt.size();
        if (done < 4) return elapsed / done;
        int before = done / 2 - 1;
        long windowStart = finishedAt.get(done / 2);
        while (before >= 0 && windowStart - finishedAt.get(before) < SAME_ARRIVAL_NANOS) before--;
        if (before < 0 || finishedAt.get(done - 1) - finishedAt.get(before) < SAME_ARRIVAL_NANOS) {
            return elapsed / done;
        }
        return (finishedAt.get(done - 1) - finishedAt.get(before)) / 1e9 / (done - 1 - before);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
