package dev.frontier.sweeps;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Expands a {@link SweepSpec} into its trials: the cartesian product of its axes over its fixed parameters. */
public final class Grid {
    private Grid() {
    }

    public static List<TrialConfig> expand(SweepSpec spec) {
        long count = spec.trialCount();
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many trials: " + count);
        List<TrialConfig> trials = new ArrayList<>((int) count);
        List<Axis> axes = spec.axes();
        int[] index = new int[axes.size()];
        for (long n = 0; n < count; n++) {
            Map<Param, Object> explicit = new EnumMap<>(Param.class);
            explicit.putAll(spec.fixed());
            Map<String, Object> open = new TreeMap<>(spec.model());
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                Object value = axis.values().get(index[a]);
                if (axis.param() != null) explicit.put(axis.param(), value);
                else open.put(axis.key(), value);
            }
            trials.add(TrialConfig.resolve(explicit, open));
            for (int a = axes.size() - 1; a >= 0; a--) {
                if (++index[a] < axes.get(a).values().size()) break;
                index[a] = 0;
            }
        }
        return trials;
    }
}
