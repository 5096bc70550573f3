package dev.frontier.reports;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.frontier.reports.Trials.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Findings against the noise: each seed's boundary is drawn at random (log-normal, sd 0.15 decade) on a 0.05-decade
 * grid with 3 seeds, so one-step and one-seed differences are everywhere; only a real move may be claimed.
 */
class NoiseTest {
    static final List<Double> LRS = dev.frontier.sweeps.Axis.logSpaced(1.0e-3, 10, 20).stream()
            .map(v -> (Double) v).toList();

    /** A sweep over {@code activation} relu, tanh (and {@code optimizer} sgd, adam), boundaries from {@code at}. */
    static Frontier sweep(Random random, double reluCenter, double tanhCenter) {
        SweepSpec spec = new SweepSpec("noise", java.util.Map.of(Param.STEPS, 100), List.of(
                new Axis(Param.LEARNING_RATE, new ArrayList<>(LRS)),
                new Axis(Param.ACTIVATION, List.of("relu", "tanh")),
                new Axis(Param.OPTIMIZER, List.of("sgd", "adam")),
                new Axis(Param.SEED, List.of(0, 1, 2))));
        List<TrialResult> rs = new ArrayList<>();
        for (String activation : List.of("relu", "tanh")) {
            for (String optimizer : List.of("sgd", "adam")) {
                double center = activation.equals("relu") ? reluCenter : tanhCenter;
                for (int seed = 0; seed < 3; seed++) {
                    double boundary = Math.pow(10, Math.log10(center) + 0.15 * random.nextGaussian());
                    for (double lr : LRS) {
                        boolean ok = lr <= boundary;
                        rs.add(result(lr, ok ? Outcome.CONVERGED : Outcome.DIVERGED, ok ? 0.2 + 0.1 * Math.abs(
                                Math.log10(lr) + 2) : null, Param.ACTIVATION, activation, Param.OPTIMIZER, optimizer,
                                Param.SEED, seed));
                    }
                }
            }
        }
        return FrontierAnalysis.of(spec, rs);
    }

    static String activationFinding(Frontier f) {
        Gain g = f.gains().stream().filter(x -> x.axis().equals("activation")).findFirst().orElseThrow();
        return Findings.gain(g).text();
    }

    @Test
    void anAxisThatChangesNothingButTheRandomDrawIsNoClearEffectInEveryDraw() {
        Random random = new Random(42);
        for (int draw = 0; draw < 40; draw++) {
            String text = activationFinding(sweep(random, 0.3, 0.3));
            assertTrue(text.contains("had no clear effect on the max stable learning rate at this resolution and "
                    + "these seeds"), "draw " + draw + ": " + text);
            assertTrue(text.contains("3 seeds, seed-to-seed sd"), text);
        }
    }

    @Test
    void aLargeEffectIsClaimedWithItsRatioAndWhatItRestsOn() {
        Random random = new Random(7);
        for (int draw = 0; draw < 20; draw++) {
            Frontier f = sweep(random, 0.3, 0.01);
            String text = activationFinding(f);
            assertTrue(text.startsWith("activation=tanh (vs relu) made it worse: the max stable learning rate fell "
                    + "to 0."), "draw " + draw + ": " + text);
            assertTrue(text.contains("[resolution 0.05 decade, 3 seeds, seed-to-seed sd"), text);
            assertTrue(text.matches(".*from [0-9.]+–[0-9.]+ to [0-9.]+–[0-9.]+ with .*"),
                    "comparisons with both brackets: " + text);
            Gain g = f.gains().stream().filter(x -> x.axis().equals("activation")).findFirst().orElseThrow();
            assertTrue(g.comparisons().stream().allMatch(c -> c.effect() == Gain.Effect.LOWERED));
            for (Gain.Comparison c : g.comparisons()) {
                double ratio = c.maxStableRatio();
                assertTrue(ratio > 0.01 && ratio < 0.1, "about 0.033×: " + ratio);
            }
        }
    }

    @Test
    void theBasisOfAFindingIsItsCoarsestBracketAndFewestSeeds() {
        Frontier f = sweep(new Random(1), 0.3, 0.01);
        Gain g = f.gains().get(0);
        double widest = g.comparisons().stream().mapToDouble(Gain.Comparison::resolutionDecades).max().orElseThrow();
        assertEquals(0.05, widest, 1e-3, "every bracket on a 20-per-decade grid is one step");
        assertEquals(3, g.comparisons().get(0).seeds());
    }

    @Test
    void studentsTOnceInAThousandMatchesTheTablesAndFallsTowardTheNormals() {
        // scipy.stats.t.ppf(0.9995, df) for df 1, 8, 24, 30; the normal's 0.9995 quantile is 3.2905
        assertEquals(636.619, Stats.tTwoSidedOneInAThousand(1), 1e-3);
        assertEquals(5.041, Stats.tTwoSidedOneInAThousand(8), 1e-3);
        assertEquals(3.745, Stats.tTwoSidedOneInAThousand(24), 1e-3);
        assertEquals(3.646, Stats.tTwoSidedOneInAThousand(30), 1e-3);
        assertEquals(3.551, Stats.tTwoSidedOneInAThousand(40), 1e-3);
        double t35 = Stats.tTwoSidedOneInAThousand(35);
        assertTrue(t35 < 3.646 && t35 > 3.551 && Math.abs(t35 - 3.591) < 0.005, "scipy: 3.591, got " + t35);
        assertEquals(3.2905, Stats.tTwoSidedOneInAThousand(1_000_000), 2e-3);
        for (int df = 1; df < 500; df++) {
            assertTrue(Stats.tTwoSidedOneInAThousand(df + 1) < Stats.tTwoSidedOneInAThousand(df), "falls at " + df);
        }
    }
}
