package dev.frontier.reports;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.frontier.reports.Trials.result;
import static dev.frontier.sweeps.Outcome.CONVERGED;
import static dev.frontier.sweeps.Outcome.DIVERGED;
import static dev.frontier.sweeps.Outcome.FAILED;
import static dev.frontier.sweeps.Outcome.STALLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontierAnalysisTest {
    static final List<Double> LRS = List.of(0.001, 0.01, 0.1, 1.0, 10.0);

    @Test
    void bestMaxStableAndSensitivityFollowTheirDefinitions() {
        // 0.001 stalls, 0.01 and 0.1 converge (0.1 lowest), 1.0 converges again, 10 diverges
        List<TrialResult> rs = List.of(result(0.001, STALLED, 1.9), result(0.01, CONVERGED, 0.5),
                result(0.1, CONVERGED, 0.2), result(1.0, CONVERGED, 0.8), result(10.0, DIVERGED, null));
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(LRS), rs).configurations().get(0);
        assertEquals(0.1, c.bestLearningRate());
        assertEquals(1.0, c.maxStableLearningRate());
        assertEquals(10.0, c.firstUnstableLearningRate());
        assertFalse(c.maxStableIsGridEdge());
        assertEquals(List.of(0.01, 1.0), c.stableBand());
        // terms: min(final, initial=2): 1.9, 0.5, 0.2, 0.8, and 2.0 for the diverged trial; best 0.2
        assertEquals(0.2, c.bestLoss());
        double expected = ((1.9 - 0.2) + (0.5 - 0.2) + 0 + (0.8 - 0.2) + (2.0 - 0.2)) / 5;
        assertEquals(expected, c.lrSensitivity(), 1e-12);
        assertEquals(5, c.trials());
    }

    @Test
    void theWalkStopsAtTheFirstUnstableRateAboveTheBest() {
        // converged at 0.001 (best), diverged at 0.01, converged again at 0.1: the frontier is 0.001
        List<TrialResult> rs = List.of(result(0.001, CONVERGED, 0.1), result(0.01, DIVERGED, null),
                result(0.1, CONVERGED, 0.5));
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(List.of(0.001, 0.01, 0.1)), rs)
                .configurations().get(0);
        assertEquals(0.001, c.bestLearningRate());
        assertEquals(0.001, c.maxStableLearningRate());
        assertEquals(0.01, c.firstUnstableLearningRate());
    }

    @Test
    void stableToTheTopOfTheGridIsMarkedAsALowerBound() {
        List<TrialResult> rs = List.of(result(0.1, CONVERGED, 0.5), result(1.0, CONVERGED, 0.4));
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(List.of(0.1, 1.0)), rs).configurations().get(0);
        assertEquals(1.0, c.maxStableLearningRate());
        assertTrue(c.maxStableIsGridEdge());
        assertNull(c.firstUnstableLearningRate());
    }

    @Test
    void aRateIsStableOnlyWhenEverySeedConverged() {
        List<Object> seeds = List.of(0, 1, 2);
        SweepSpec spec = Trials.spec(List.of(0.01, 0.1, 1.0), Param.SEED, seeds);
        List<TrialResult> rs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            rs.add(result(0.01, CONVERGED, 0.6 + s * 0.01, Param.SEED, s));
            rs.add(result(0.1, s == 2 ? DIVERGED : CONVERGED, 0.3, Param.SEED, s));
            rs.add(result(1.0, DIVERGED, null, Param.SEED, s));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(spec, rs).configurations().get(0);
        assertEquals(0.01, c.maxStableLearningRate(), "one diverged seed of three makes 0.1 unstable");
        assertEquals(List.of(0.1), c.mixedSeedLearningRates());
        LrPoint p = c.point(0.01);
        assertEquals(3, p.seeds());
        assertEquals(0.61, p.medianFinalLoss(), 1e-12);
        // at 0.1 the sensitivity term is the median of 0.3, 0.3 and the diverged seed's 2.0
        assertEquals(0.3, c.point(0.1).sensitivityLoss(), 1e-12);
        assertEquals(2, c.point(0.1).converged());
        assertEquals(7, c.point(0.1).firstDivergence());
    }

    @Test
    void failedTrialsAreNeitherStableNorPartOfTheSensitivity() {
        List<TrialResult> rs = List.of(result(0.01, CONVERGED, 0.5), result(0.1, FAILED, null),
                result(1.0, CONVERGED, 0.4));
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(List.of(0.01, 0.1, 1.0)), rs)
                .configurations().get(0);
        assertFalse(c.point(0.1).stable());
        assertEquals(1.0, c.bestLearningRate());
        assertEquals(1.0, c.maxStableLearningRate());
        assertEquals(0.05, c.lrSensitivity(), 1e-12, "mean of (0.5 - 0.4) and 0 over the two rates with results");
    }

    @Test
    void nothingStableMeansNoFrontier() {
        List<TrialResult> rs = List.of(result(0.1, STALLED, 1.95), result(1.0, DIVERGED, null));
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(List.of(0.1, 1.0)), rs).configurations().get(0);
        assertNull(c.bestLearningRate());
        assertNull(c.maxStableLearningRate());
        assertEquals(List.of(), c.stableBand());
        assertEquals(0.025, c.lrSensitivity(), 1e-12);
    }

    @Test
    void configurationsAreTheSweptParametersButLearningRateAndSeed() {
        SweepSpec spec = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam"),
                Param.NORMALIZATION, List.of("none", "batchnorm"), Param.SEED, List.of(0));
        List<TrialResult> rs = new ArrayList<>();
        for (String opt : List.of("sgd", "adam")) {
            for (String norm : List.of("none", "batchnorm")) {
                rs.add(result(0.01, CONVERGED, 0.5, Param.OPTIMIZER, opt, Param.NORMALIZATION, norm));
            }
        }
        Frontier f = FrontierAnalysis.of(spec, rs);
        assertEquals(List.of("optimizer", "normalization"), f.configurationParameters());
        assertEquals(List.of("optimizer=sgd, normalization=none", "optimizer=sgd, normalization=batchnorm",
                        "optimizer=adam, normalization=none", "optimizer=adam, normalization=batchnorm"),
                f.configurations().stream().map(ConfigurationFrontier::label).toList());
        assertEquals(Map.of("optimizer", "adam", "normalization", "none"), f.configurations().get(2).configuration());
        assertEquals(4, f.counts().finished());
        assertEquals(5 * 4, f.counts().planned());
        assertEquals("4 of 20", f.counts().progress());
    }

    @Test
    void gainsCompareEachValueWithTheBaselineOtherAxesFixed() {
        SweepSpec spec = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam"),
                Param.NORMALIZATION, List.of("none", "batchnorm"));
        // max stable: sgd/none 0.01, sgd/bn 1.0 (x100), adam/none 0.1, adam/bn 0.1 (x1)
        Map<List<String>, Double> frontier = Map.of(List.of("sgd", "none"), 0.01, List.of("sgd", "batchnorm"), 1.0,
                List.of("adam", "none"), 0.1, List.of("adam", "batchnorm"), 0.1);
        List<TrialResult> rs = new ArrayList<>();
        frontier.forEach((k, max) -> {
            for (double lr : LRS) {
                Outcome o = lr <= max ? CONVERGED : DIVERGED;
                rs.add(result(lr, o, o == CONVERGED ? 1.0 / (1 + lr) : null,
                        Param.OPTIMIZER, k.get(0), Param.NORMALIZATION, k.get(1)));
            }
        });
        Frontier f = FrontierAnalysis.of(spec, rs);
        Gain bn = f.gains().stream().filter(g -> g.axis().equals("normalization")).findFirst().orElseThrow();
        assertEquals("batchnorm", bn.value());
        assertEquals("none", bn.baseline());
        assertEquals(2, bn.comparisons().size());
        assertEquals(100.0, bn.comparisons().get(0).maxStableRatio(), 1e-9);
        assertEquals(Map.of("optimizer", "sgd"), bn.comparisons().get(0).context());
        assertEquals(1.0, bn.comparisons().get(1).maxStableRatio(), 1e-9);
        assertEquals(10.0, bn.medianMaxStableRatio(), 1e-9, "the geometric median of 100x and 1x");
        assertEquals(1.0, bn.minMaxStableRatio(), 1e-9);
        assertEquals(100.0, bn.maxMaxStableRatio(), 1e-9);
        Gain adam = f.gains().stream().filter(g -> g.axis().equals("optimizer")).findFirst().orElseThrow();
        assertEquals(10.0, adam.comparisons().get(0).maxStableRatio(), 1e-9);
        assertEquals(0.1, adam.comparisons().get(1).maxStableRatio(), 1e-9);
        assertEquals(2, f.gains().size());
    }

    @Test
    void eachSeedHasItsOwnFrontier() {
        // seed 0 is stable up to 1.0; seed 1 diverges from 1.0 on, so it is stable up to 0.1
        List<TrialResult> rs = new ArrayList<>();
        for (double lr : LRS) {
            rs.add(result(lr, lr <= 1.0 ? CONVERGED : DIVERGED, 0.3, Param.SEED, 0));
            rs.add(result(lr, lr <= 0.1 ? CONVERGED : DIVERGED, 0.3, Param.SEED, 1));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(Trials.spec(LRS, Param.SEED, List.of(0, 1)), rs)
                .configurations().get(0);
        assertEquals(0.1, c.maxStableLearningRate(), "every seed must converge");
        assertEquals(List.of(new ConfigurationFrontier.SeedFrontier(0, 1.0, false),
                new ConfigurationFrontier.SeedFrontier(1, 0.1, false)), c.seeds());
        assertEquals(List.of(1.0), c.mixedSeedLearningRates());
    }

    @Test
    void twoValuesStableToTheTopOfTheGridCannotBeToldApart() {
        List<TrialResult> rs = new ArrayList<>();
        for (String o : List.of("sgd", "adam")) {
            for (double lr : LRS) rs.add(result(lr, CONVERGED, 0.3, Param.OPTIMIZER, o));
        }
        Frontier f = FrontierAnalysis.of(Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam")), rs);
        Gain g = f.gains().get(0);
        assertTrue(g.comparisons().get(0).bothAtGridEdge());
        String text = Findings.gain(g).text();
        assertTrue(text.contains("cannot be told apart") && text.contains("≥ 10"), text);
        assertTrue(Findings.of(f).get(0).text().contains("same max stable learning rate, ≥ 10"),
                Findings.of(f).get(0).text());
    }

    @Test
    void aBaselineAtTheTopOfTheGridMakesALowerValueAnUpperBound() {
        List<TrialResult> rs = new ArrayList<>();
        for (double lr : LRS) {
            rs.add(result(lr, CONVERGED, 0.3, Param.OPTIMIZER, "sgd"));
            rs.add(result(lr, lr <= 0.1 ? CONVERGED : DIVERGED, 0.3, Param.OPTIMIZER, "adam"));
        }
        Frontier f = FrontierAnalysis.of(Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam")), rs);
        String text = Findings.gain(f.gains().get(0)).text();
        assertTrue(text.contains("fell to at most 0.01×") && text.contains("from ≥ 10 to 0.1"), text);
    }
}
