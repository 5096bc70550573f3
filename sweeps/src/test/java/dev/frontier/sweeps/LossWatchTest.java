package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossWatchTest {
    static LossWatch feed(LossWatch w, double... losses) {
        for (double l : losses) {
            if (w.record(l)) break;
        }
        return w;
    }

    @Test
    void aFallingLossConverges() {
        LossWatch w = feed(new LossWatch(10, 10, 0.9, null), 2, 1.8, 1.5, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5);
        assertEquals(Outcome.CONVERGED, w.outcome());
        assertEquals(2.0, w.initialLoss());
        assertEquals(0.5, w.finalLoss(), "the last 10% of 10 steps is the last step");
        assertEquals(0.5, w.bestLoss());
        assertEquals(10, w.stepsRun());
        assertNull(w.divergedAtStep());
    }

    @Test
    void stallsWhenTheTailMeanStaysAtTheRatio() {
        // 20 steps: the tail is the last 2; mean (1.5 + 0.5) / 2 = 1.0 = 0.5 * 2.0 -> stalled (>=)
        double[] losses = new double[20];
        java.util.Arrays.fill(losses, 0.25);
        losses[0] = 2.0;
        losses[18] = 1.5;
        losses[19] = 0.5;
        assertEquals(Outcome.STALLED, feed(new LossWatch(20, 10, 0.5, null), losses).outcome());
        losses[19] = 0.49;
        assertEquals(Outcome.CONVERGED, feed(new LossWatch(20, 10, 0.5, null), losses).outcome());
    }

    @Test
    void divergesOnANonFiniteLossAndStopsThere() {
        LossWatch w = new LossWatch(100, 10, 0.9, null);
        assertFalse(w.record(2.0));
        assertFalse(w.record(5.0));
        assertTrue(w.record(Double.NaN));
        assertEquals(Outcome.DIVERGED, w.outcome());
        assertEquals(2, w.divergedAtStep());
        assertEquals(3, w.stepsRun());
        assertThrows(IllegalStateException.class, () -> w.record(1.0));
        assertNull(w.curve().get(w.curve().size() - 1).loss(), "a non-finite loss is kept as null");
        assertTrue(new LossWatch(10, 10, 0.9, null).record(Double.POSITIVE_INFINITY));
    }

    @Test
    void divergesAboveTheLossFactorNotAtIt() {
        LossWatch w = new LossWatch(100, 10, 0.9, null);
        assertFalse(w.record(2.0));
        assertFalse(w.record(20.0), "exactly lossFactor x the first loss is not yet divergence");
        assertTrue(w.record(20.0001));
        assertEquals(2, w.divergedAtStep());
        assertEquals(20.0001, w.finalLoss());
        assertEquals(2.0, w.bestLoss());
    }

    @Test
    void recordsTheFirstStepAtTheTarget() {
        LossWatch w = feed(new LossWatch(5, 10, 0.9, 1.0), 2, 1.5, 1.0, 0.5, 0.4);
        assertEquals(2, w.stepsToTarget());
        assertNull(feed(new LossWatch(5, 10, 0.9, 0.1), 2, 1.5, 1.0, 0.5, 0.4).stepsToTarget());
    }

    @Test
    void keepsAtMost200CurvePointsWithTheEnds() {
        for (int steps : List.of(1, 7, 199, 200, 201, 300, 1000, 12345)) {
            LossWatch w = new LossWatch(steps, 10, 0.9, null);
            for (int i = 0; i < steps; i++) w.record(1.0 / (i + 1));
            List<CurvePoint> curve = w.curve();
            assertTrue(curve.size() <= LossWatch.MAX_CURVE_POINTS, steps + " steps gave " + curve.size());
            assertTrue(curve.size() >= Math.min(steps, 100), steps + " steps gave only " + curve.size());
            assertEquals(0, curve.get(0).step());
            assertEquals(steps - 1, curve.get(curve.size() - 1).step());
            assertEquals(1.0 / steps, curve.get(curve.size() - 1).loss());
        }
    }

    @Test
    void theOutcomeNeedsTheWholeRun() {
        LossWatch w = feed(new LossWatch(10, 10, 0.9, null), 2, 1);
        assertThrows(IllegalStateException.class, w::outcome);
    }

    @Test
    void aRunThatEndsAtChanceLevelHasNotTrainedEvenWhenItStartedAboveIt() {
        // 3 balanced classes: chance is ln 3 = 1.0986; the run starts at 2.0 and ends at 1.05, below 0.9 x 2.0
        double chance = Math.log(3);
        double[] losses = {2.0, 1.6, 1.3, 1.1, 1.06, 1.05, 1.05, 1.05, 1.05, 1.05};
        LossWatch byChance = feed(new LossWatch(10, 10, 0.9, null, chance), losses);
        assertEquals(Outcome.STALLED, byChance.outcome(), "1.05 is not below 0.9 x min(2.0, 1.0986) = 0.989");
        assertEquals(chance, byChance.baseline());
        assertEquals(Outcome.CONVERGED, feed(new LossWatch(10, 10, 0.9, null), losses).outcome(),
                "the first loss alone (training.stall.baseline: first) counts it as trained");
        // below chance by the ratio: trained
        double[] learned = {2.0, 1.6, 1.3, 1.0, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4};
        assertEquals(Outcome.CONVERGED, feed(new LossWatch(10, 10, 0.9, null, chance), learned).outcome());
        // a run starting below chance is held to its first loss, as before
        double[] low = {0.5, 0.48, 0.47, 0.46, 0.46, 0.46, 0.46, 0.46, 0.46, 0.46};
        assertEquals(Outcome.STALLED, feed(new LossWatch(10, 10, 0.9, null, chance), low).outcome());
    }

    @Test
    void theTrialsRuleNamesTheBaseline() {
        TrialConfig chance = TrialConfig.resolve(java.util.Map.of(Param.LEARNING_RATE, 0.1, Param.STEPS, 10));
        assertEquals("chance", chance.stallBaseline(), "the default");
        double[] losses = {2.0, 1.6, 1.3, 1.1, 1.06, 1.05, 1.05, 1.05, 1.05, 1.05};
        assertEquals(Outcome.STALLED, feed(LossWatch.of(chance, Math.log(3)), losses).outcome());
        TrialConfig first = chance.with(Param.STALL_BASELINE, "first");
        assertEquals(Outcome.CONVERGED, feed(LossWatch.of(first, Math.log(3)), losses).outcome());
    }
}
