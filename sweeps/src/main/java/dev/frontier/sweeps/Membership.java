package dev.frontier.sweeps;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which trials belong to a sweep: those whose parameters, all but the learning rate, are those of one of the spec's
 * trials, and whose learning rate lies within the range the spec covers. So a learning rate that no grid listed (a
 * probe between two grid values) belongs to the sweep, while trials of other seeds, another model or a learning rate
 * outside the range (of an earlier, wider version of the spec) do not.
 */
public final class Membership {
    private final Set<Map<String, Object>> configurations = new HashSet<>();
    private final double lowest;
    private final double highest;

    private Membership(List<TrialConfig> trials) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrialConfig c : trials) {
            configurations.add(withoutLearningRate(c));
            lo = Math.min(lo, c.learningRate());
            hi = Math.max(hi, c.learningRate());
        }
        this.lowest = lo;
        this.highest = hi;
    }

    /** The membership of the sweep whose trials are {@code trials} (a spec's grid, expanded once by the caller). */
    public static Membership of(List<TrialConfig> trials) {
        return new Membership(trials);
    }

    public static Membership of(SweepSpec spec) {
        return of(spec.trials());
    }

    public boolean includes(TrialConfig c) {
        double lr = c.learningRate();
        return lr >= lowest && lr <= highest && configurations.contains(withoutLearningRate(c));
    }

    private static Map<String, Object> withoutLearningRate(TrialConfig c) {
        Map<String, Object> rest = new LinkedHashMap<>(c.values());
        rest.remove(Param.LEARNING_RATE.key());
        return rest;
    }
}
