package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialPacksTest {
    /** The demo's shape: 11 learning rates × 2 warm-ups × 3 optimizers × 2 normalizations. */
    static List<TrialConfig> demoLike(int seeds) {
        List<Object> seedValues = new ArrayList<>();
        for (int s = 0; s < seeds; s++) seedValues.add(s);
        List<Object> lrs = new ArrayList<>();
        for (int i = 0; i < 11; i++) lrs.add(Math.pow(10, -4 + i / 2.0));
        return new SweepSpec("p", Map.of(Param.STEPS, 50), List.of(
                Axis.of(Param.LEARNING_RATE, lrs.toArray()),
                Axis.of(Param.WARMUP_STEPS, 0, 10),
                Axis.of(Param.OPTIMIZER, "sgd", "momentum", "adam"),
                Axis.of(Param.NORMALIZATION, "none", "batchnorm"),
                Axis.of(Param.SEED, seedValues.toArray()))).trials();
    }

    static void assertEveryTrialOnceInPackableGroups(List<TrialConfig> trials, List<List<TrialConfig>> packs) {
        Set<TrialId> seen = new HashSet<>();
        int count = 0;
        for (List<TrialConfig> pack : packs) {
            TrialPacks.requirePackable(pack);
            for (TrialConfig c : pack) {
                assertTrue(seen.add(c.id()), "trial " + c.id() + " is in two packs");
                count++;
            }
        }
        assertEquals(trials.size(), count);
    }

    @Test
    void trialsThatDifferOnlyPerMemberShareAPackAndNothingElseDoes() {
        List<TrialConfig> trials = demoLike(1);
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 2, c -> 32, c -> 1, c -> 1);
        assertEveryTrialOnceInPackableGroups(trials, packs);
        // 6 optimizer × normalization settings of 22 trials each: 6 packs, two of them split for 4 per slot
        assertEquals(8, packs.size());
        assertEquals(List.of(22, 22, 22, 22, 11, 11, 11, 11), packs.stream().map(List::size).toList(),
                "learning rates and warm-ups train together, the largest first at equal cost per trial");
    }

    @Test
    void packsAreSplitUntilEverySlotHasWorkButNotBelowTheMinimum() {
        List<TrialConfig> trials = demoLike(1);
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 8, c -> 32, c -> 1, c -> 1);
        assertEveryTrialOnceInPackableGroups(trials, packs);
        assertEquals(6 * 5, packs.size(), "4 packs per slot on 8 slots would be 32: the minimum size allows 5 a group");
        assertTrue(packs.stream().allMatch(p -> p.size() >= TrialPacks.MIN_SPLIT), "split at most to the minimum");
        int smallest = packs.stream().mapToInt(List::size).min().orElseThrow();
        int largest = packs.stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(largest - smallest <= 1, "a group is split evenly: " + smallest + " to " + largest);

        List<List<TrialConfig>> many = TrialPacks.form(trials, 1000, c -> 32, c -> 1, c -> 1);
        List<List<TrialConfig>> small = TrialPacks.form(trials, 1000, c -> 32, c -> 11, c -> 1);
        assertEquals(6 * 2, small.size(), "a model that needs 11 members to a pack is split only in halves");
        assertTrue(many.stream().allMatch(p -> p.size() >= TrialPacks.MIN_SPLIT));
        assertEquals(6 * 5, many.size(), "each group of 22 in 5 packs of 4 or 5: a sixth would be smaller than 4");
    }

    @Test
    void theLimitCapsPacksAndOneMeansEveryTrialAlone() {
        List<TrialConfig> trials = demoLike(2);
        List<List<TrialConfig>> capped = TrialPacks.form(trials, 2, c -> 10, c -> 1, c -> 1);
        assertEveryTrialOnceInPackableGroups(trials, capped);
        assertTrue(capped.stream().allMatch(p -> p.size() <= 10));
        List<List<TrialConfig>> alone = TrialPacks.form(trials, 2, c -> 1, c -> 1, c -> 1);
        assertEquals(trials.size(), alone.size());
        assertTrue(alone.stream().allMatch(p -> p.size() == 1));
    }

    @Test
    void membersOfAPackSpreadOverTheLearningRatesAndTheSameInputGivesTheSamePacks() {
        List<TrialConfig> trials = demoLike(1);
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 8, c -> 32, c -> 1, c -> 1);
        for (List<TrialConfig> pack : packs) {
            double low = pack.stream().mapToDouble(TrialConfig::learningRate).min().orElseThrow();
            double high = pack.stream().mapToDouble(TrialConfig::learningRate).max().orElseThrow();
            assertTrue(high / low >= 100, "a pack holds low and high learning rates, not one end of the grid");
        }
        assertEquals(packs, TrialPacks.form(trials, 8, c -> 32, c -> 1, c -> 1));
        for (int i = 1; i < packs.size(); i++) assertTrue(packs.get(i - 1).size() >= packs.get(i).size(), "largest first");
    }

    @Test
    void theCostliestPacksGoFirst() {
        List<TrialConfig> trials = demoLike(1);
        ToDoubleFunction<TrialConfig> cost = c -> c.normalization().equals("batchnorm") ? 3.0 : 1.0;
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 2, c -> 32, c -> 1, cost);
        List<Double> costs = packs.stream().map(p -> p.stream().mapToDouble(cost).sum()).toList();
        for (int i = 1; i < costs.size(); i++) assertTrue(costs.get(i - 1) >= costs.get(i), costs.toString());
        assertEquals("batchnorm", packs.get(0).get(0).normalization());
        assertTrue(costs.get(0) > costs.get(costs.size() - 1), costs.toString());
    }

    @Test
    void aPackOfTrialsThatDifferInSharedSettingsIsRefused() {
        List<TrialConfig> trials = demoLike(1);
        TrialConfig sgd = trials.stream().filter(c -> c.optimizer().equals("sgd")).findFirst().orElseThrow();
        TrialConfig adam = trials.stream().filter(c -> c.optimizer().equals("adam")).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrialPacks.requirePackable(List.of(sgd, adam)));
        assertTrue(e.getMessage().contains("cannot share a pack"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrialPacks.requirePackable(List.of()));
        assertEquals(TrialPacks.key(sgd), TrialPacks.key(sgd.with(Param.LEARNING_RATE, 3.0).with(Param.SEED, 7)
                .with(Param.WARMUP_STEPS, 3).with(Param.SCHEDULE, "cosine")));
    }
}
