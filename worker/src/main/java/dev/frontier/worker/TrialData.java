package dev.frontier.worker;

import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.data.Builtin;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training and validation split a trial trains on, built from the trial's data parameters: a built-in dataset is
 * generated here (every executor makes the same one from the data seed), a file's (CSV or IDX) arrives already read. Recent
 * splits are kept, since the trials of a sweep mostly share one.
 */
final class TrialData {
    private static final int KEPT = 8;
    private static final Map<List<Object>, Split> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Split> eldest) {
            return size() > KEPT;
        }
    };

    private TrialData() {
    }

    /** The split for {@code c}; {@code loaded} is the dataset of its data file (null for built-in data). */
    static Split split(TrialConfig c, Dataset loaded) {
        if (c.dataFile() != null && loaded == null) {
            throw new IllegalArgumentException("the data of " + c.dataFile() + " was not provided to the worker");
        }
        List<Object> key = c.dataFile() != null
                ? List.of(System.identityHashCode(loaded), loaded.name(), c.dataSeed(), c.validation(), c.scaling(),
                String.valueOf(c.inputScale()))
                : List.of(c.builtin(), c.samples(), c.features(), c.regression() ? 1 : c.classes(), c.dataSeed(),
                c.validation(), c.scaling(), String.valueOf(c.inputScale()), c.regression());
        synchronized (RECENT) {
            Split cached = RECENT.get(key);
            if (cached != null) return cached;
        }
        Dataset data = loaded != null ? loaded : c.regression()
                ? Builtin.regression(c.builtin(), c.samples(), c.features(), c.dataSeed())
                : Builtin.generate(c.builtin(), c.samples(), c.features(), c.classes(), c.dataSeed());
        Split split = Split.of(data, c.validation(), c.dataSeed());
        if (c.scaling().equals("standardize")) split = split.standardized();
        else if (c.scaling().equals("minmax")) split = split.minMaxScaled();
        if (c.inputScale() != null) split = split.scaledBy(c.inputScale());
        synchronized (RECENT) {
            RECENT.put(key, split);
        }
        return split;
    }
}
