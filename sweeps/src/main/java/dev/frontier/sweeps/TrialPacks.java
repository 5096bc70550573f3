package dev.frontier.sweeps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Packs: trials that share everything but their learning rate, warm-up, schedule, seed and clipping, so that a
 * worker can train them together as one vectorized computation (each member with its own parameters, optimizer
 * state, batches, clipping and learning rate at every step). A member's result does not depend on its pack, so how trials are packed changes the
 * speed of a sweep and never its numbers.
 */
public final class TrialPacks {
    /** The parameters members of one pack may differ in. */
    public static final Set<Param> PER_MEMBER =
            Set.of(Param.LEARNING_RATE, Param.WARMUP_STEPS, Param.SCHEDULE, Param.SEED, Param.CLIP_NORM);
    /** Packs are never split below this size just to make more of them. */
    static final int MIN_SPLIT = 4;
    /** Packs wanted per slot, so that slots finishing early find more work and the last wave is short. */
    static final int PACKS_PER_SLOT = 4;

    private TrialPacks() {
    }

    /** What members of one pack share: every parameter of {@code c} but {@link #PER_MEMBER}. */
    public static Map<String, Object> key(TrialConfig c) {
        Map<String, Object> key = new LinkedHashMap<>(c.values());
        for (Param p : PER_MEMBER) key.remove(p.key());
        return key;
    }

    /** Throws unless {@code pack} is non-empty and its members share their {@link #key}. */
    public static void requirePackable(List<TrialConfig> pack) {
        if (pack.isEmpty()) throw new IllegalArgumentException("an empty pack");
        Map<String, Object> first = key(pack.get(0));
        for (TrialConfig c : pack) {
            if (!key(c).equals(first)) {
                throw new IllegalArgumentException("trials " + pack.get(0).id() + " and " + c.id()
                        + " differ in more than " + PER_MEMBER.stream().map(Param::key).sorted().toList()
                        + " and cannot share a pack");
            }
        }
    }

    /**
     * Splits {@code trials} into packs: trials of one {@link #key} go together, in packs of at most
     * {@code maxSize.applyAsInt(trial)} members, split further (down to {@code minSize.applyAsInt(trial)} members, and
     * never below {@value #MIN_SPLIT}) until there are {@value #PACKS_PER_SLOT} packs per slot, so every core stays
     * busy until the end. Members are dealt to a group's
     * packs in turn, so each pack gets a share of the low and the high learning rates. The costliest packs come first
     * (by the sum of {@code cost} over their members; the cheap ones then fill the gaps at the end); the same input
     * always gives the same packs.
     */
    public static List<List<TrialConfig>> form(List<TrialConfig> trials, int slots, ToIntFunction<TrialConfig> maxSize,
                                               ToIntFunction<TrialConfig> minSize,
                                               ToDoubleFunction<TrialConfig> cost) {
        Map<Map<String, Object>, List<TrialConfig>> groups = new LinkedHashMap<>();
        for (TrialConfig c : trials) groups.computeIfAbsent(key(c), k -> new ArrayList<>()).add(c);
        List<List<TrialConfig>> members = new ArrayList<>(groups.values());
        int[] packs = new int[members.size()];
        int[] smallest = new int[members.size()];
        int total = 0;
        for (int g = 0; g < packs.length; g++) {
            int cap = Math.max(1, maxSize.applyAsInt(members.get(g).get(0)));
            packs[g] = ceilDiv(members.get(g).size(), cap);
            smallest[g] = Math.max(MIN_SPLIT, minSize.applyAsInt(members.get(g).get(0)));
            total += packs[g];
        }
        int wanted = PACKS_PER_SLOT * Math.max(1, slots);
        while (total < wanted) {
            int widest = -1;
            double widestSize = 0;
            for (int g = 0; g < packs.length; g++) {
                double size = members.get(g).size() / (double) (packs[g] + 1);
                if (size >= smallest[g] && size > widestSize) {
                    widest = g;
                    widestSize = size;
                }
            }
            if (widest < 0) break;
            packs[widest]++;
            total++;
        }
        List<List<TrialConfig>> out = new ArrayList<>();
        for (int g = 0; g < packs.length; g++) {
            List<List<TrialConfig>> dealt = new ArrayList<>();
            for (int k = 0; k < packs[g]; k++) dealt.add(new ArrayList<>());
            List<TrialConfig> group = members.get(g);
            for (int i = 0; i < group.size(); i++) dealt.get(i % packs[g]).add(group.get(i));
            out.addAll(dealt);
        }
        Map<List<TrialConfig>, Double> costs = new IdentityHashMap<>();
        for (List<TrialConfig> p : out) costs.put(p, p.stream().mapToDouble(cost).sum());
        out.sort(Comparator.comparingDouble((List<TrialConfig> p) -> -costs.get(p)));
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
