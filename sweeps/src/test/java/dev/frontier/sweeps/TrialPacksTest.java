package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 2, c -> 32);
        assertEveryTrialOnceInPackableGroups(trials, packs);
        // 6 optimizer × normalization settings of 22 trials each: already 6 packs, 3 per slot
        assertEquals(6, packs.size());
        assertTrue(packs.stream().allMatch(p -> p.size() == 22), "learning rates and warm-ups train together");
    }

    @Test
    void packsAreSplitUntilEverySlotHasWorkButNotBelowTheMinimum() {
        List<TrialConfig> trials = demoLike(1);
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 8, c -> 32);
        assertEveryTrialOnceInPackableGroups(trials, packs);
        assertEquals(24, packs.size(), "3 packs per slot on 8 slots");
        assertTrue(packs.stream().allMatch(p -> p.size() >= TrialPacks.MIN_SPLIT), "split at most to the minimum");
        int smallest = packs.stream().mapToInt(List::size).min().orElseThrow();
        int largest = packs.stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(largest - smallest <= 1, "a group is split evenly: " + smallest + " to " + largest);

        List<List<TrialConfig>> many = TrialPacks.form(trials, 1000, c -> 32);
        assertTrue(many.stream().allMatch(p -> p.size() >= TrialPacks.MIN_SPLIT));
        assertEquals(6 * 5, many.size(), "each group of 22 in 5 packs of 4 or 5: a sixth would be smaller than 4");
    }

    @Test
    void theLimitCapsPacksAndOneMeansEveryTrialAlone() {
        List<TrialConfig> trials = demoLike(2);
        List<List<TrialConfig>> capped = TrialPacks.form(trials, 2, c -> 10);
        assertEveryTrialOnceInPackableGroups(trials, capped);
        assertTrue(capped.stream().allMatch(p -> p.size() <= 10));
        List<List<TrialConfig>> alone = TrialPacks.form(trials, 2, c -> 1);
        assertEquals(trials.size(), alone.size());
        assertTrue(alone.stream().allMatch(p -> p.size() == 1));
    }

    @Test
    void membersOfAPackSpreadOverTheLearningRatesAndTheSameInputGivesTheSamePacks() {
        List<TrialConfig> trials = demoLike(1);
        List<List<TrialConfig>> packs = TrialPacks.form(trials, 8, c -> 32);
        for (List<TrialConfig> pack : packs) {
            double low = pack.stream().mapToDouble(TrialConfig::learningRate).min().orElseThrow();
            double high = pack.stream().mapToDouble(TrialConfig::learningRate).max().orElseThrow();
            assertTrue(high / low >= 100, "a pack holds low and high learning rates, not one end of the grid");
        }
        assertEquals(packs, TrialPacks.form(trials, 8, c -> 32));
        for (int i = 1; i < packs.size(); i++) assertTrue(packs.get(i - 1).size() >= packs.get(i).size(), "largest first");
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
