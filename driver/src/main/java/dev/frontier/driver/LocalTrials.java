package dev.frontier.driver;

import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Packs trained on a pool of this JVM's threads, without Spark: the sweep's loop tested on its own, and a way to run
 * where Spark cannot start. Results carry the thread that trained them as their executor.
 */
public final class LocalTrials implements TrialExecutor {
    private final int threads;
    private final ExecutorService pool;

    public LocalTrials(int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "frontier-trainer-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String version() {
        return "local threads";
    }

    @Override
    public int slots() {
        return threads;
    }

    @Override
    public Job submit(List<List<TrialConfig>> packs, TrialInputs inputs) {
        BlockingQueue<TrialResult> queue = new LinkedBlockingQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (List<TrialConfig> pack : packs) {
            futures.add(pool.submit(() -> {
                TrialRunner.Context where = new TrialRunner.Context(Thread.currentThread().getName(), null, 0);
                queue.addAll(TrialRunner.run(pack, inputs.dataFor(pack.get(0)), inputs.networkFor(pack.get(0)),
                        where));
            }));
        }
        return new Job() {
            @Override
            public List<TrialResult> pollAll(long millis) throws InterruptedException {
                return TrialExecutor.drain(queue, millis);
            }

            @Override
            public boolean done() {
                return futures.stream().allMatch(Future::isDone) && queue.isEmpty();
            }

            @Override
            public void rethrowFailure() {
                for (Future<?> f : futures) {
                    if (!f.isDone() || f.isCancelled()) continue;
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("a pack failed: " + e.getCause().getMessage(), e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }

            @Override
            public void cancel() {
                futures.forEach(f -> f.cancel(true));
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
