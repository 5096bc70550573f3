package dev.frontier.sweeps;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The boundary search of an {@link LrSearch}: proposes the coarse grid first, then, round after round, for every
 * configuration whose bracket [max stable, first unstable] is wider than the resolution the learning rate halfway
 * between (in log scale), and once the probes half a coarse step either side of the best coarse learning rate. Every
 * probe runs every seed of its configuration, and a rate is stable only when every seed converged, as in the report.
 *
 * <p>A round is decided from the results of the rounds before it, whole, never from their order or from a round half
 * done: given the journal of an interrupted search it replays the rounds the journal holds and proposes exactly what
 * the uninterrupted one would have, less what the journal already has.
 */
public final class FrontierSearch implements Search {
    private final LrSearch settings;
    private final List<TrialConfig> coarse;
    /** Per configuration (the parameters but learning rate and seed), in grid order: a trial of it for each seed. */
    private final Map<Map<String, Object>, List<TrialConfig>> seedsOf = new LinkedHashMap<>();
    private final Map<TrialId, TrialResult> known = new HashMap<>();
    private final Map<Map<String, Object>, List<TrialResult>> knownBy = new HashMap<>();
    /** The trials of the rounds whose results are in: only these inform a decision. */
    private final Set<TrialId> decided = new HashSet<>();
    private final List<Double> coarseRates = new ArrayList<>();

    /**
     * The search of {@code spec} (whose learning-rate axis is the coarse grid, {@code coarse} its trials), knowing
     * the results {@code finished} (an earlier run's, of this sweep).
     */
    public FrontierSearch(LrSearch settings, List<TrialConfig> coarse, Collection<TrialResult> finished) {
        this.settings = settings;
        this.coarse = List.copyOf(coarse);
        for (TrialConfig c : coarse) {
            List<TrialConfig> seeds = seedsOf.computeIfAbsent(configuration(c), k -> new ArrayList<>());
            if (seeds.stream().noneMatch(s -> s.seed() == c.seed())) seeds.add(c);
            if (!coarseRates.contains(c.learningRate())) coarseRates.add(c.learningRate());
        }
        coarseRates.sort(Double::compare);
        tell(List.copyOf(finished));
    }

    @Override
    public List<TrialConfig> ask() {
        while (true) {
            List<TrialConfig> fresh = decide().stream().filter(c -> !decided.contains(c.id())).toList();
            if (fresh.isEmpty()) return List.of();
            List<TrialConfig> missing = fresh.stream().filter(c -> !known.containsKey(c.id())).toList();
            if (!missing.isEmpty()) return missing;
            // the round is whole (told, or in the journal of a resumed search): its results inform the next
            fresh.forEach(c -> decided.add(c.id()));
        }
    }

    @Override
    public void tell(List<TrialResult> results) {
        for (TrialResult r : results) {
            if (known.put(r.trialId(), r) == null) {
                knownBy.computeIfAbsent(configuration(r.config()), k -> new ArrayList<>()).add(r);
            }
        }
    }

    /**
     * The trials wanted given the results of the whole rounds so far: the coarse grid until it has run, then every
     * configuration's probes.
     */
    private List<TrialConfig> decide() {
        if (coarse.stream().anyMatch(c -> !decided.contains(c.id()))) return coarse;
        List<TrialConfig> round = new ArrayList<>();
        seedsOf.forEach((configuration, seeds) -> {
            for (double lr : probes(seeds)) for (TrialConfig s : seeds) round.add(s.with(Param.LEARNING_RATE, lr));
        });
        return round;
    }

    /**
     * The learning rates one configuration wants probed next: the bisection of its bracket while it is wider than
     * the resolution, and the refinement around its best coarse learning rate.
     */
    List<Double> probes(List<TrialConfig> seeds) {
        TreeMap<Double, Boolean> stable = new TreeMap<>();
        TreeMap<Double, Double> loss = new TreeMap<>();
        for (Map.Entry<Double, List<TrialResult>> e : byRate(seeds).entrySet()) {
            List<TrialResult> rs = e.getValue();
            boolean all = rs.size() == seeds.size() && rs.stream().allMatch(r -> r.outcome() == Outcome.CONVERGED);
            stable.put(e.getKey(), all);
            loss.put(e.getKey(), all ? median(rs.stream().map(TrialResult::finalLoss).toList()) : null);
        }
        List<Double> rates = new ArrayList<>(stable.keySet());
        List<Double> probes = new ArrayList<>();
        int[] walk = StabilityWalk.of(rates.size(), i -> stable.get(rates.get(i)), i -> loss.get(rates.get(i)));
        if (walk[0] < 0) return probes;
        int hi = walk[1];
        if (hi + 1 < rates.size()) {
            double lo = rates.get(hi);
            double up = rates.get(hi + 1);
            double mid = LrSearch.between(lo, up);
            if (StrictMath.log10(up / lo) > settings.resolution() + LrSearch.TOLERANCE && mid > lo && mid < up) {
                probes.add(mid);
            }
        }
        // around the best of the coarse grid: the best learning rate known to within half a coarse step
        List<Double> coarseKnown = coarseRates.stream().filter(stable::containsKey).toList();
        int[] coarseWalk = StabilityWalk.of(coarseKnown.size(), i -> stable.get(coarseKnown.get(i)),
                i -> loss.get(coarseKnown.get(i)));
        if (coarseWalk[0] >= 0) {
            double best = coarseKnown.get(coarseWalk[0]);
            for (double side : new double[]{-LrSearch.REFINE_DECADES, LrSearch.REFINE_DECADES}) {
                double lr = LrSearch.shifted(best, side);
                if (lr >= settings.low() && lr <= settings.high() && !probes.contains(lr)) probes.add(lr);
            }
        }
        return probes;
    }

    /** The known results of a configuration, by learning rate. */
    private TreeMap<Double, List<TrialResult>> byRate(List<TrialConfig> seeds) {
        TreeMap<Double, List<TrialResult>> rates = new TreeMap<>();
        for (TrialResult r : knownBy.getOrDefault(configuration(seeds.get(0)), List.of())) {
            if (!decided.contains(r.trialId())) continue;
            rates.computeIfAbsent(r.config().learningRate(), k -> new ArrayList<>()).add(r);
        }
        return rates;
    }

    private static Map<String, Object> configuration(TrialConfig c) {
        Map<String, Object> rest = new LinkedHashMap<>(c.values());
        rest.remove(Param.LEARNING_RATE.key());
        rest.remove(Param.SEED.key());
        return rest;
    }

    private static Double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> v != null).sorted().toList();
        if (sorted.isEmpty()) return null;
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
