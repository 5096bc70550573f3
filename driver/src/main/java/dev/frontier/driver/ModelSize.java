package dev.frontier.driver;

import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Warnings, before anything runs, about models out of proportion with their data or with one core: far more
 * parameters than training examples (the network can memorize them), or so many parameters that each trial is slow
 * and large. Warnings only: the sweep still runs.
 */
final class ModelSize {
    /** Parameters per training example above which the model is flagged as able to memorize its data. */
    static final double PER_EXAMPLE = 100;
    /** Parameters above which one trial on one core is flagged as slow and large. */
    static final long LARGE = 20_000_000;

    private ModelSize() {
    }

    static List<Problem> warnings(SweepSpec spec, Map<String, Dataset> csv) {
        List<Problem> warnings = new ArrayList<>();
        Set<List<Object>> seen = new LinkedHashSet<>();
        for (TrialConfig c : spec.trials()) {
            Dataset d = c.csv() == null ? null : csv.get(c.csv());
            int features = d == null ? c.features() : d.features();
            int classes = d == null ? c.classes() : d.classes();
            int rows = d == null ? c.samples() : d.rows();
            int train = rows - Split.validationCount(rows, c.validation());
            if (!seen.add(List.of(c.hidden(), features, classes, train, c.normalization()))) continue;
            long params = parameters(features, c.hidden(), classes, !"none".equals(c.normalization()));
            if (params > LARGE) {
                warnings.add(new Problem("model.hidden " + c.hidden(), String.format(Locale.ROOT,
                        "%,d parameters: each trial holds about %d MB and takes long on one core; is this the "
                                + "model you meant?", params, params * 4 * 6 / 1_000_000)));
            } else if (params > PER_EXAMPLE * train) {
                warnings.add(new Problem("model.hidden " + c.hidden(), String.format(Locale.ROOT,
                        "%,d parameters for %,d training examples (%,.0f per example): the network can memorize "
                                + "the data, so validation accuracy will say little", params, train,
                        (double) params / train)));
            }
        }
        return warnings;
    }

    /** Weights and biases of the MLP, plus the scale and shift of each normalized layer. */
    static long parameters(int features, List<Integer> hidden, int classes, boolean normalized) {
        long n = 0;
        int in = features;
        for (int w : hidden) {
            n += (long) in * w + w + (normalized ? 2L * w : 0);
            in = w;
        }
        return n + (long) in * classes + classes;
    }
}
