package dev.frontier.reports;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.frontier.reports.Trials.result;
import static dev.frontier.sweeps.Outcome.CONVERGED;
import static dev.frontier.sweeps.Outcome.DIVERGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontierComparisonTest {
    static final List<Double> LRS = List.of(0.001, 0.01, 0.1, 1.0, 10.0);

    /** sgd and adam, each stable up to its own frontier. */
    static List<TrialResult> run(double sgd, double adam) {
        List<TrialResult> rs = new ArrayList<>();
        for (double lr : LRS) {
            rs.add(result(lr, lr <= sgd ? CONVERGED : DIVERGED, 0.3, Param.OPTIMIZER, "sgd"));
            rs.add(result(lr, lr <= adam ? CONVERGED : DIVERGED, 0.3, Param.OPTIMIZER, "adam"));
        }
        return rs;
    }

    static SweepSpec spec(String name, int steps) {
        SweepSpec s = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam"));
        Map<Param, Object> fixed = new EnumMap<>(s.fixed());
        fixed.put(Param.STEPS, steps);
        return new SweepSpec(name, fixed, s.axes());
    }

    @Test
    void ratiosChangesAndFindings() {
        SweepSpec a = spec("before", 100);
        SweepSpec b = spec("after", 200);
        FrontierComparison c = FrontierComparison.of(a, FrontierAnalysis.of(a, run(0.01, 0.001)), b,
                FrontierAnalysis.of(b, run(1.0, 0.001)));
        assertEquals(List.of("training.steps: 100 → 200"), c.changes());
        assertEquals(2, c.rows().size());
        assertEquals(100.0, c.rows().get(0).ratio(), 1e-9);
        assertEquals(1.0, c.rows().get(1).ratio(), 1e-9);
        List<String> findings = c.findings();
        assertTrue(findings.get(0).contains("median over 2 configurations in both): clearly higher in 1, clearly "
                + "lower in 0, no clear change in 1"), findings.get(0));
        assertTrue(findings.get(1).contains("optimizer=sgd, from 0.01 to 1 (100×)"), findings.get(1));
        String html = CompareReport.render(c);
        assertTrue(html.contains("training.steps: 100 → 200"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void configurationsInOnlyOneRunAreListedNotCompared() {
        SweepSpec a = spec("before", 100);
        SweepSpec b = new SweepSpec("after", a.fixed(), List.of(a.axes().get(0),
                new dev.frontier.sweeps.Axis(Param.OPTIMIZER, List.of("sgd", "rmsprop"))));
        List<TrialResult> rb = new ArrayList<>();
        for (double lr : LRS) {
            rb.add(result(lr, CONVERGED, 0.3, Param.OPTIMIZER, "sgd"));
            rb.add(result(lr, CONVERGED, 0.3, Param.OPTIMIZER, "rmsprop"));
        }
        FrontierComparison c = FrontierComparison.of(a, FrontierAnalysis.of(a, run(0.01, 0.001)), b,
                FrontierAnalysis.of(b, rb));
        assertEquals(3, c.rows().size());
        assertNull(c.rows().get(1).after(), "adam is only in the first run");
        assertNull(c.rows().get(2).before(), "rmsprop only in the second");
        assertTrue(c.findings().get(c.findings().size() - 1).contains("1 configuration is only in before, 1 only in "
                + "after"), c.findings().toString());
        assertEquals(List.of("grid.optimizer: [sgd, adam] → [sgd, rmsprop]"), c.changes());
    }
}
