package dev.frontier.worker.bench;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Training steps per second of single trials, for sizing sweeps: median, min and max of repeated runs, each case
 * measured in the same JVM. Run with {@code OMP_NUM_THREADS=1}:
 * {@code java -cp <test classpath> dev.frontier.worker.bench.StepRateBenchmark [repeats]}.
 */
public final class StepRateBenchmark {
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Map<Param, Object>> cases = new ArrayList<>();
        for (String norm : List.of("none", "batchnorm", "layernorm")) {
            for (List<Integer> hidden : List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256))) {
                Map<Param, Object> m = new EnumMap<>(Param.class);
                m.put(Param.NORMALIZATION, norm);
                m.put(Param.HIDDEN, hidden);
                cases.add(m);
            }
        }
        System.out.printf("%-10s %-16s %10s %10s %10s%n", "norm", "hidden", "median", "min", "max");
        for (Map<Param, Object> c : cases) {
            Map<Param, Object> m = new EnumMap<>(c);
            m.put(Param.LEARNING_RATE, 1e-3);
            m.put(Param.OPTIMIZER, "adam");
            m.put(Param.STEPS, 300);
            m.put(Param.BATCH_SIZE, 128);
            TrialConfig config = TrialConfig.resolve(m);
            TrialRunner.run(config); // warm-up
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                TrialResult r = TrialRunner.run(config);
                rates.add(r.stepsRun() / r.wallSeconds());
            }
            Collections.sort(rates);
            System.out.printf("%-10s %-16s %10.0f %10.0f %10.0f  steps/s%n", c.get(Param.NORMALIZATION),
                    c.get(Param.HIDDEN), rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
        }
    }
}
