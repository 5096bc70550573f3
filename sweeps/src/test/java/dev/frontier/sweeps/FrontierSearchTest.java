package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boundary search against a fake trainer whose boundaries are known: no Spark, no ND4J. */
class FrontierSearchTest {
    static SweepSpec spec(double resolution, int seeds) {
        StringBuilder s = new StringBuilder("name: s\ngrid:\n  learningRate: {search: frontier, range: [1.0e-4, 10], "
                + "resolution: " + resolution + "}\n  optimizer: [sgd, adam, rmsprop]\n  seed: [");
        for (int i = 0; i < seeds; i++) s.append(i == 0 ? "" : ", ").append(i);
        return SpecReader.parse(s.append("]\n").toString(), "s.yaml", "s");
    }

    static Search search(SweepSpec spec) {
        return new FrontierSearch(spec.search(), spec.trials(), List.of());
    }

    /** A fake trainer: a trial converges below its boundary (diverges above), its loss lowest at a tenth of it. */
    record Fake(Function<TrialConfig, Boolean> trains) {
        TrialResult train(TrialConfig c) {
            boolean ok = trains.apply(c);
            double loss = 0.1 + Math.abs(Math.log10(c.learningRate()) + 2);
            return new TrialResult(c.id(), c, ok ? Outcome.CONVERGED : Outcome.DIVERGED, 10, ok ? null : 3, 2.0,
                    ok ? loss : 1e9, ok ? loss : 2.0, ok ? 0.9 : null, null, null, List.of(), 0.01, null, null);
        }
    }

    /** Boundaries by optimizer and seed: sgd 0.3 (every seed), adam 0.0123..0.0150 by seed, rmsprop 2.5. */
    static double boundary(TrialConfig c) {
        return switch (c.optimizer()) {
            case "sgd" -> 0.3;
            case "adam" -> 0.0123 + 0.0009 * c.seed();
            default -> 2.5;
        };
    }

    static final Fake MONOTONE = new Fake(c -> c.learningRate() <= boundary(c));

    /** Runs the search to its end; returns every round asked. */
    static List<List<TrialConfig>> run(Search search, Fake fake) {
        List<List<TrialConfig>> rounds = new ArrayList<>();
        for (List<TrialConfig> batch = search.ask(); !batch.isEmpty(); batch = search.ask()) {
            assertTrue(rounds.size() < 50, "the search ends");
            rounds.add(batch);
            search.tell(batch.stream().map(fake::train).toList());
        }
        return rounds;
    }

    /** Per optimizer, the bracket [max stable, first unstable] the walk reads from the trials run. */
    static Map<String, double[]> brackets(List<List<TrialConfig>> rounds, Fake fake) {
        Map<String, TreeMap<Double, Boolean>> stable = new LinkedHashMap<>();
        for (List<TrialConfig> round : rounds) {
            for (TrialConfig c : round) {
                stable.computeIfAbsent(c.optimizer(), k -> new TreeMap<>()).merge(c.learningRate(),
                        fake.trains().apply(c), Boolean::logicalAnd);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        stable.forEach((optimizer, byRate) -> {
            List<Double> rates = new ArrayList<>(byRate.keySet());
            int[] walk = StabilityWalk.of(rates.size(), i -> byRate.get(rates.get(i)),
                    i -> 0.1 + Math.abs(Math.log10(rates.get(i)) + 2));
            out.put(optimizer, walk[0] < 0 ? null : new double[]{rates.get(walk[1]),
                    walk[1] + 1 < rates.size() ? rates.get(walk[1] + 1) : Double.NaN});
        });
        return out;
    }

    @Test
    void bracketsEveryBoundaryWithinTheResolutionWithAThirdOfTheTrialsOfAFineGrid() {
        SweepSpec spec = spec(0.05, 3);
        List<List<TrialConfig>> rounds = run(search(spec), MONOTONE);
        Map<String, double[]> brackets = brackets(rounds, MONOTONE);
        Map<String, Double> truth = Map.of("sgd", 0.3, "adam", 0.0123, "rmsprop", 2.5);
        truth.forEach((optimizer, b) -> {
            double[] br = brackets.get(optimizer);
            assertNotNull(br, optimizer);
            assertTrue(br[0] <= b && b < br[1], optimizer + ": " + br[0] + " .. " + br[1] + " holds " + b);
            assertTrue(Math.log10(br[1] / br[0]) <= 0.05 + 1e-9, optimizer + " within the resolution");
        });
        int trials = rounds.stream().mapToInt(List::size).sum();
        assertTrue(trials <= spec.plannedTrials(), trials + " <= " + spec.plannedTrials());
        long fullGrid = spec.search().fullGrid(3, 3);
        assertTrue(trials <= 0.35 * fullGrid, trials + " trials against a full grid's " + fullGrid);
        assertEquals(spec.trials(), rounds.get(0), "the coarse grid first");
        assertEquals(1 + spec.search().bisections(), rounds.size(), "a round per bisection, every configuration at once");
        for (List<TrialConfig> round : rounds.subList(1, rounds.size())) {
            Map<String, Integer> perRate = new HashMap<>();
            round.forEach(c -> perRate.merge(c.optimizer() + "@" + c.learningRate(), 1, Integer::sum));
            assertTrue(perRate.values().stream().allMatch(n -> n == 3), "every probe runs every seed: " + perRate);
            assertTrue(round.stream().allMatch(c -> c.learningRate() >= 1e-4 && c.learningRate() <= 10));
        }
    }

    @Test
    void aRateIsStableOnlyWhenEverySeedTrainsSoNoisyBoundariesAreBracketedAtTheLowestSeed() {
        // adam's seeds stop training at 0.0123, 0.0132 and 0.0141: the bracket holds the lowest
        List<List<TrialConfig>> rounds = run(search(spec(0.01, 3)), MONOTONE);
        double[] adam = brackets(rounds, MONOTONE).get("adam");
        assertTrue(adam[0] <= 0.0123 && 0.0123 < adam[1], adam[0] + " .. " + adam[1]);
        assertTrue(Math.log10(adam[1] / adam[0]) <= 0.01 + 1e-9);
    }

    @Test
    void aNonMonotoneConfigurationIsBracketedAtItsFirstFailureAboveTheBest() {
        // sgd trains below 0.3, fails in (0.3, 1.2], trains again in (1.2, 3]: the grid's definition is the first
        // failure going up from the best, 0.3
        Fake island = new Fake(c -> c.optimizer().equals("sgd")
                ? c.learningRate() <= 0.3 || (c.learningRate() > 1.2 && c.learningRate() <= 3) : c.learningRate()
                <= boundary(c));
        double[] sgd = brackets(run(search(spec(0.05, 1)), island), island).get("sgd");
        assertTrue(sgd[0] <= 0.3 && 0.3 < sgd[1] && Math.log10(sgd[1] / sgd[0]) <= 0.05 + 1e-9,
                sgd[0] + " .. " + sgd[1]);
    }

    @Test
    void nothingThatTrainsGetsNoProbesAndEverythingThatTrainsOnlyTheRefinement() {
        SweepSpec spec = spec(0.05, 2);
        Fake never = new Fake(c -> c.optimizer().equals("sgd") ? false : c.learningRate() <= boundary(c));
        List<List<TrialConfig>> rounds = run(search(spec), never);
        assertTrue(rounds.stream().skip(1).flatMap(List::stream).noneMatch(c -> c.optimizer().equals("sgd")));
        Fake always = new Fake(c -> c.optimizer().equals("sgd") || c.learningRate() <= boundary(c));
        List<TrialConfig> sgdProbes = run(search(spec), always).stream().skip(1).flatMap(List::stream)
                .filter(c -> c.optimizer().equals("sgd")).toList();
        // no bracket (the range's top trains): only the two probes around the best coarse rate, 0.01, for 2 seeds
        assertEquals(List.of(0.005623, 0.005623, 0.01778, 0.01778),
                sgdProbes.stream().map(TrialConfig::learningRate).sorted().toList());
    }

    @Test
    void aResumedSearchAsksExactlyWhatTheUninterruptedOneWouldHave() {
        SweepSpec spec = spec(0.05, 3);
        List<List<TrialConfig>> whole = run(search(spec), MONOTONE);
        for (int cut = 1; cut < whole.size(); cut++) {
            // interrupted in round `cut`, half of it journaled, the journal read back in another order
            List<TrialResult> journal = new ArrayList<>();
            for (List<TrialConfig> round : whole.subList(0, cut)) round.forEach(c -> journal.add(MONOTONE.train(c)));
            List<TrialConfig> half = whole.get(cut).subList(0, whole.get(cut).size() / 2);
            half.forEach(c -> journal.add(MONOTONE.train(c)));
            java.util.Collections.reverse(journal);
            Search resumed = new FrontierSearch(spec.search(), spec.trials(), journal);
            List<List<TrialConfig>> rest = run(resumed, MONOTONE);
            List<TrialConfig> expected = new ArrayList<>(whole.get(cut).subList(half.size(), whole.get(cut).size()));
            assertEquals(expected, rest.get(0), "round " + cut + " is completed first");
            assertEquals(whole.subList(cut + 1, whole.size()), rest.subList(1, rest.size()), "then the same rounds");
        }
    }

    @Test
    void theWorstCaseBoundsEveryResolutionEvenWhereRoundingWidensABracket() {
        // 4-digit rates make [0.3162, 1] 0.50004 decade wide: at resolution 0.5 it must not be bisected
        for (double resolution : new double[]{0.5, 0.25, 0.125, 0.1, 0.0625, 0.05, 0.03}) {
            SweepSpec spec = spec(resolution, 2);
            List<List<TrialConfig>> rounds = run(search(spec), MONOTONE);
            int trials = rounds.stream().mapToInt(List::size).sum();
            assertTrue(trials <= spec.plannedTrials(), resolution + ": " + trials + " > " + spec.plannedTrials());
            assertEquals(1 + Math.max(1, spec.search().bisections()), rounds.size(), "rounds at " + resolution);
            brackets(rounds, MONOTONE).forEach((optimizer, br) -> assertTrue(
                    Math.log10(br[1] / br[0]) <= resolution + LrSearch.TOLERANCE, optimizer + " at " + resolution));
        }
        assertEquals(0, spec(0.5, 1).search().bisections());
    }
}
