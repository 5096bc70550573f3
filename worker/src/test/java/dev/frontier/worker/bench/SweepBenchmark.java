package dev.frontier.worker.bench;

import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every trial of a spec through {@link TrialRunner} on a pool of threads, without Spark: the worker's share of a
 * sweep's wall time. Prints the wall time of each repeat (median, min, max) and where the training time went.
 * {@code java -cp <test classpath> dev.frontier.worker.bench.SweepBenchmark SPEC [threads] [repeats]}.
 */
public final class SweepBenchmark {
    public static void main(String[] args) throws Exception {
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<TrialConfig> trials = spec.trials();
        List<Double> walls = new ArrayList<>();
        for (int rep = 0; rep < repeats; rep++) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (TrialConfig c : trials) futures.add(pool.submit(() -> TrialRunner.run(c)));
            Map<String, double[]> byGroup = new TreeMap<>();
            int steps = 0;
            for (Future<TrialResult> f : futures) {
                TrialResult r = f.get();
                steps += r.stepsRun();
                String key = r.config().optimizer() + "/" + r.config().normalization() + "/" + r.outcome();
                double[] acc = byGroup.computeIfAbsent(key, k -> new double[3]);
                acc[0]++;
                acc[1] += r.wallSeconds();
                acc[2] += r.stepsRun();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            walls.add(wall);
            System.out.printf("repeat %d: %d trials, %d steps in %.1f s on %d threads%n", rep, trials.size(), steps,
                    wall, threads);
            if (rep == 0) {
                byGroup.forEach((k, v) -> System.out.printf("  %-28s %3.0f trials %7.1f s %8.0f steps %6.0f steps/s%n",
                        k, v[0], v[1], v[2], v[2] / v[1]));
            }
        }
        Collections.sort(walls);
        System.out.printf("wall seconds: median %.1f, min %.1f, max %.1f%n", walls.get(walls.size() / 2), walls.get(0),
                walls.get(walls.size() - 1));
    }
}
