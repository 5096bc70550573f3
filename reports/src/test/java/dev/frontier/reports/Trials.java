package dev.frontier.reports;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Hand-made trial results for testing the analysis: no training, every number chosen by the test. */
final class Trials {
    static final Provenance PROVENANCE = new Provenance("host", "0", "17", "1.0.0-M2.1", "4.2.0", "test",
            "2026-01-01T00:00:00Z");

    private Trials() {
    }

    static SweepSpec spec(List<Double> lrs, Object... axes) {
        List<Axis> list = new ArrayList<>();
        list.add(new Axis(Param.LEARNING_RATE, new ArrayList<>(lrs)));
        for (int i = 0; i < axes.length; i += 2) {
            list.add(new Axis((Param) axes[i], (List<Object>) axes[i + 1]));
        }
        return new SweepSpec("test", Map.of(Param.STEPS, 100), list, "name: test\n");
    }

    /** A finished trial: outcome and final loss, initial loss 2.0. */
    static TrialResult result(double lr, Outcome outcome, Double finalLoss, Object... params) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.STEPS, 100);
        m.put(Param.LEARNING_RATE, lr);
        for (int i = 0; i < params.length; i += 2) m.put((Param) params[i], params[i + 1]);
        TrialConfig c = TrialConfig.resolve(m);
        if (outcome == Outcome.FAILED) return TrialResult.failed(c, "boom", 0.1, PROVENANCE);
        boolean diverged = outcome == Outcome.DIVERGED;
        List<CurvePoint> curve = List.of(new CurvePoint(0, 2.0),
                new CurvePoint(diverged ? 7 : 99, diverged ? null : finalLoss));
        return new TrialResult(c.id(), c, outcome, diverged ? 8 : 100, diverged ? 7 : null, 2.0,
                diverged ? null : finalLoss, diverged ? 2.0 : finalLoss, diverged ? null : 0.9,
                diverged ? null : finalLoss, null, curve, 1.5, null, PROVENANCE);
    }
}
