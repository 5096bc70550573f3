package dev.frontier.driver;

import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs packs of trials somewhere (Spark's executors, or this JVM's threads) and hands back each result as its pack
 * ends. Decides nothing about which trials to run and writes nothing: the sweep's loop does both.
 */
public interface TrialExecutor extends Closeable {
    /** What runs the trials, for the run record (Spark's version, say). */
    String version();

    /** Packs that can train at once. */
    int slots();

    /** Starts running {@code packs} in the given order, with the data files and networks they need. */
    Job submit(List<List<TrialConfig>> packs, TrialInputs inputs);

    @Override
    void close();

    /** Every result in {@code queue}, waiting up to {@code millis} for the first; empty if none arrives. */
    static List<TrialResult> drain(BlockingQueue<TrialResult> queue, long millis) throws InterruptedException {
        List<TrialResult> taken = new ArrayList<>();
        TrialResult first = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (first == null) return taken;
        taken.add(first);
        queue.drainTo(taken);
        return taken;
    }

    /** A running batch of packs: poll it for results until {@link #done()}. */
    interface Job {
        /** Every result not taken yet, waiting up to {@code millis} for the first; empty if none arrived. */
        List<TrialResult> pollAll(long millis) throws InterruptedException;

        /** Every pack has ended and every result has been taken. */
        boolean done();

        /** Throws the job's failure, if it failed as a whole (not a trial's: those are FAILED results). */
        void rethrowFailure();

        /** Stops scheduling packs and abandons the running ones as soon as possible. */
        void cancel();
    }
}
