package dev.frontier.reports;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.StabilityWalk;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes the {@link Frontier} of a sweep from its results: a pure function, the same for a finished sweep, a sweep
 * still running (missing trials are simply absent) and hand-made results in tests.
 */
public final class FrontierAnalysis {
    private FrontierAnalysis() {
    }

    public static Frontier of(SweepSpec spec, Collection<TrialResult> results) {
        List<Axis> configurationAxes = spec.configurationAxes();
        List<String> names = configurationAxes.stream().map(Axis::key).toList();

        Map<List<Object>, List<TrialResult>> byConfiguration = new LinkedHashMap<>();
        for (List<Object> key : product(configurationAxes)) byConfiguration.put(key, new ArrayList<>());
        for (TrialResult r : results) {
            List<Object> key = names.stream().map(n -> r.config().values().get(n)).toList();
            List<TrialResult> group = byConfiguration.get(key);
            if (group != null) group.add(r);
        }
        List<ConfigurationFrontier> configurations = new ArrayList<>();
        byConfiguration.forEach((key, trials) -> {
            if (trials.isEmpty()) return;
            Map<String, Object> configuration = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) configuration.put(names.get(i), key.get(i));
            configurations.add(configuration(configuration, trials));
        });
        List<Gain> gains = new ArrayList<>();
        Noise noise = noise(configurations);
        for (Axis axis : configurationAxes) {
            for (Object value : axis.values().subList(1, axis.values().size())) {
                gains.add(gain(axis.key(), value, axis.baseline(), configurations, noise));
            }
        }
        Frontier.Counts counts = counts(spec, results);
        Frontier bare = new Frontier(spec.name(), names, configurations, gains, counts, List.of());
        return new Frontier(spec.name(), names, configurations, gains, counts, Findings.of(bare));
    }

    private static Frontier.Counts counts(SweepSpec spec, Collection<TrialResult> results) {
        int[] n = new int[Outcome.values().length];
        for (TrialResult r : results) n[r.outcome().ordinal()]++;
        double seconds = Utilisation.trainingSeconds(results);
        return new Frontier.Counts(results.size(), (int) Math.min(Integer.MAX_VALUE, spec.plannedTrials()),
                n[Outcome.CONVERGED.ordinal()], n[Outcome.STALLED.ordinal()], n[Outcome.DIVERGED.ordinal()],
                n[Outcome.FAILED.ordinal()], seconds, spec.search() != null);
    }

    /** Every combination of the axes' values, the last axis fastest (the grid's order). */
    private static List<List<Object>> product(List<Axis> axes) {
        List<List<Object>> combos = new ArrayList<>();
        combos.add(List.of());
        for (Axis a : axes) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : combos) {
                for (Object v : a.values()) {
                    List<Object> c = new ArrayList<>(prefix);
                    c.add(v);
                    next.add(c);
                }
            }
            combos = next;
        }
        return combos;
    }

    static ConfigurationFrontier configuration(Map<String, Object> configuration, List<TrialResult> trials) {
        TreeMap<Double, List<TrialResult>> byLr = new TreeMap<>();
        for (TrialResult r : trials) byLr.computeIfAbsent(r.config().learningRate(), k -> new ArrayList<>()).add(r);
        List<LrPoint> points = new ArrayList<>();
        byLr.forEach((lr, seeds) -> points.add(point(lr, seeds)));

        int[] walk = walk(points);
        int best = walk[0];
        Double bestLr = null;
        Double maxStable = null;
        Double firstUnstable = null;
        boolean edge = false;
        List<Double> band = List.of();
        if (best >= 0) {
            int hi = walk[1];
            int lo = best;
            while (lo - 1 >= 0 && points.get(lo - 1).stable()) lo--;
            bestLr = points.get(best).learningRate();
            maxStable = points.get(hi).learningRate();
            edge = hi == points.size() - 1;
            firstUnstable = edge ? null : points.get(hi + 1).learningRate();
            band = List.of(points.get(lo).learningRate(), maxStable);
        }
        List<Double> terms = points.stream().map(LrPoint::sensitivityLoss).filter(Objects::nonNull).toList();
        Double bestLoss = Stats.min(terms);
        Double sensitivity = bestLoss == null ? null : Stats.mean(terms.stream().map(v -> v - bestLoss).toList());
        List<Double> mixed = points.stream().filter(LrPoint::mixed).map(LrPoint::learningRate).toList();
        List<ConfigurationFrontier.SeedFrontier> seeds = seeds(byLr);
        Double bracket = maxStable == null || firstUnstable == null ? null : Math.log10(firstUnstable / maxStable);
        Double halfStop = null;
        boolean nonMonotone = false;
        if (best >= 0) {
            for (int i = best; i < points.size() && halfStop == null; i++) {
                if (2 * points.get(i).converged() < points.get(i).seeds()) halfStop = points.get(i).learningRate();
            }
            for (int i = walk[1] + 2; i < points.size(); i++) nonMonotone |= points.get(i).stable();
        }
        Double sharpness = Stats.median(trials.stream().map(t -> t.metric(TrialResult.SHARPNESS_AT_INIT)).toList());
        String optimizer = trials.get(0).config().optimizer();
        boolean adam = optimizer.equals("adam") || optimizer.equals("adamw");
        Double preconditioned = adam ? Stats.median(trials.stream()
                .map(t -> t.metric(TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT)).toList()) : null;
        Double predicted = adam ? (preconditioned == null || !(preconditioned > 0) ? null
                : (2 + 2 * BETA1) / ((1 - BETA1) * preconditioned))
                : sharpness == null || !(sharpness > 0) ? null : switch (optimizer) {
            case "sgd" -> 2 / sharpness;
            case "momentum", "nesterov" -> (2 + 2 * MOMENTUM) / sharpness;
            default -> null;
        };
        int catapults = (int) trials.stream().filter(TrialResult::catapult).count();
        Map<Integer, Double> trajectory = new TreeMap<>();
        Map<Integer, Double> edgeRatio = new TreeMap<>();
        Double threshold = switch (optimizer) {
            case "sgd" -> 2.0;
            case "momentum", "nesterov" -> 2 + 2 * MOMENTUM;
            case "adam", "adamw" -> (2 + 2 * BETA1) / (1 - BETA1);
            default -> null;
        };
        if (maxStable != null && threshold != null) {
            double at = maxStable;
            List<TrialResult> edgeTrials = trials.stream().filter(t -> t.config().learningRate() == at).toList();
            for (int step : edgeTrials.get(0).config().sharpnessAt()) {
                String metric = step == 0 ? adam ? TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT
                        : TrialResult.SHARPNESS_AT_INIT : adam ? TrialResult.preconditionedSharpnessAtStep(step)
                        : TrialResult.sharpnessAtStep(step);
                Double m = Stats.median(edgeTrials.stream().map(t -> t.metric(metric)).toList());
                if (m == null) continue;
                trajectory.put(step, m);
                edgeRatio.put(step, Stats.median(edgeTrials.stream().filter(t -> t.metric(metric) != null)
                        .map(t -> learningRateAt(t, step) * t.metric(metric) / threshold).toList()));
            }
        }
        return new ConfigurationFrontier(configuration, label(configuration), points, bestLr, maxStable, edge,
                firstUnstable, band, sensitivity, bestLoss, mixed, trials.size(), seeds, bracket,
                spread(seeds, points.get(0).learningRate()),
                halfStop, bestLr == null ? null : bestLr / maxStable, nonMonotone, sharpness, predicted, catapults,
                trajectory, preconditioned, edgeRatio, predicted == null ? null : adam ? "38/λ_pre"
                        : optimizer.equals("sgd") ? "2/λ" : "3.8/λ");
    }

    /**
     * The learning rate in effect at {@code step} of trial {@code t}, as its worker recorded it beside the sharpness
     * (warm-up and decay included); its nominal rate in a journal written before that was recorded.
     */
    private static double learningRateAt(TrialResult t, int step) {
        Double lr = t.metric(TrialResult.learningRateAtStep(step));
        return lr == null ? t.config().learningRate() : lr;
    }

    /** Adam's β1 (the worker's, 0.9). */
    static final double BETA1 = 0.9;

    /** The heavy-ball momentum of the momentum and nesterov optimizers (the worker's, 0.9). */
    static final double MOMENTUM = 0.9;

    /**
     * How far apart, in decades, the seeds' own max stable learning rates are; null for one seed. A seed that never
     * trained counts as the lowest rate tried, so disagreeing about whether anything trains is a wide spread.
     */
    private static Double spread(List<ConfigurationFrontier.SeedFrontier> seeds, double lowest) {
        if (seeds.size() < 2) return null;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (ConfigurationFrontier.SeedFrontier s : seeds) {
            double lr = s.maxStableLearningRate() == null ? lowest : s.maxStableLearningRate();
            lo = Math.min(lo, lr);
            hi = Math.max(hi, lr);
        }
        return Math.log10(hi / lo);
    }

    /** The indices of the best stable point and of the max stable one walking up from it; -1s when none is stable. */
    private static int[] walk(List<LrPoint> points) {
        return StabilityWalk.of(points.size(), i -> points.get(i).stable(), i -> points.get(i).medianFinalLoss());
    }

    /** Each seed's own frontier (the same walk over that seed's trials alone), when there are several seeds. */
    private static List<ConfigurationFrontier.SeedFrontier> seeds(TreeMap<Double, List<TrialResult>> byLr) {
        TreeMap<Integer, TreeMap<Double, TrialResult>> bySeed = new TreeMap<>();
        byLr.forEach((lr, trials) -> trials.forEach(r -> bySeed.computeIfAbsent(r.config().seed(),
                k -> new TreeMap<>()).put(lr, r)));
        if (bySeed.size() < 2) return List.of();
        List<ConfigurationFrontier.SeedFrontier> seeds = new ArrayList<>();
        bySeed.forEach((seed, trials) -> {
            List<LrPoint> points = new ArrayList<>();
            trials.forEach((lr, r) -> points.add(point(lr, List.of(r))));
            int[] walk = walk(points);
            seeds.add(walk[0] < 0 ? new ConfigurationFrontier.SeedFrontier(seed, null, false)
                    : new ConfigurationFrontier.SeedFrontier(seed, points.get(walk[1]).learningRate(),
                    walk[1] == points.size() - 1));
        });
        return seeds;
    }

    static LrPoint point(double lr, List<TrialResult> seeds) {
        int[] n = new int[Outcome.values().length];
        List<Double> finals = new ArrayList<>();
        List<Double> terms = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        Integer firstDivergence = null;
        List<Double> clipped = new ArrayList<>();
        for (TrialResult r : seeds) {
            n[r.outcome().ordinal()]++;
            if (r.metric(TrialResult.CLIPPED_FRACTION) != null) clipped.add(r.metric(TrialResult.CLIPPED_FRACTION));
            switch (r.outcome()) {
                case DIVERGED -> {
                    terms.add(r.initialLoss());
                    if (firstDivergence == null || r.divergedAtStep() < firstDivergence) firstDivergence = r.divergedAtStep();
                }
                case CONVERGED, STALLED -> {
                    finals.add(r.finalLoss());
                    if (r.finalLoss() != null && r.initialLoss() != null) {
                        terms.add(Math.min(r.finalLoss(), r.initialLoss()));
                    }
                    accuracies.add(r.finalAccuracy());
                }
                case FAILED -> {
                }
            }
        }
        int converged = n[Outcome.CONVERGED.ordinal()];
        return new LrPoint(lr, seeds.size(), converged, n[Outcome.STALLED.ordinal()], n[Outcome.DIVERGED.ordinal()],
                n[Outcome.FAILED.ordinal()], converged == seeds.size() && !seeds.isEmpty(), Stats.median(finals),
                Stats.median(terms), Stats.median(accuracies), firstDivergence, Stats.median(clipped),
                (int) seeds.stream().filter(TrialResult::catapult).count());
    }

    static Gain gain(String axis, Object value, Object baseline, List<ConfigurationFrontier> configurations,
                     Noise noise) {
        Map<Map<String, Object>, ConfigurationFrontier> byContext = new LinkedHashMap<>();
        for (ConfigurationFrontier c : configurations) {
            if (value.equals(c.get(axis))) byContext.put(context(c, axis), c);
        }
        List<Gain.Comparison> comparisons = new ArrayList<>();
        for (ConfigurationFrontier base : configurations) {
            if (!baseline.equals(base.get(axis))) continue;
            Map<String, Object> context = context(base, axis);
            ConfigurationFrontier other = byContext.get(context);
            if (other == null) continue;
            comparisons.add(new Gain.Comparison(context, base.maxStableLearningRate(), other.maxStableLearningRate(),
                    ratio(other.maxStableLearningRate(), base.maxStableLearningRate()), base.maxStableIsGridEdge(),
                    other.maxStableIsGridEdge(), base.bestLearningRate(), other.bestLearningRate(),
                    ratio(other.bestLearningRate(), base.bestLearningRate()),
                    difference(other.lrSensitivity(), base.lrSensitivity()),
                    difference(other.bestLoss(), base.bestLoss()), wider(base.bracketDecades(), other.bracketDecades()),
                    noise == null ? null : noise.sd(), Math.min(seedCount(base), seedCount(other)),
                    effect(base, other, noise), base.firstUnstableLearningRate(), other.firstUnstableLearningRate(),
                    clippedAtMaxStable(other)));
        }
        List<Double> ratios = comparisons.stream().map(Gain.Comparison::maxStableRatio).toList();
        return new Gain(axis, value, baseline, comparisons, Stats.medianRatio(ratios), Stats.min(ratios),
                Stats.max(ratios), Stats.medianRatio(comparisons.stream().map(Gain.Comparison::bestRatio).toList()),
                Stats.median(comparisons.stream().map(Gain.Comparison::sensitivityChange).toList()),
                Stats.median(comparisons.stream().map(Gain.Comparison::bestLossChange).toList()));
    }

    /** The median fraction of steps clipped at a configuration's max stable rate, or null when nothing clipped. */
    private static Double clippedAtMaxStable(ConfigurationFrontier c) {
        if (c.maxStableLearningRate() == null) return null;
        LrPoint p = c.point(c.maxStableLearningRate());
        return p == null ? null : p.medianClippedFraction();
    }

    /**
     * The sweep's seed noise: the standard deviation, in decades, of a seed's own max stable learning rate around its
     * configuration's mean, pooled over every configuration with two or more seeds that trained, with its degrees of
     * freedom; null when there is none. Three seeds measure one configuration's spread poorly; pooled over the sweep
     * they measure it better, and the degrees of freedom say how well.
     */
    static Noise noise(List<ConfigurationFrontier> configurations) {
        double squares = 0;
        int freedom = 0;
        for (ConfigurationFrontier c : configurations) {
            List<Double> logs = seedLogs(c);
            if (logs.size() < 2) continue;
            double mean = logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            for (double x : logs) squares += (x - mean) * (x - mean);
            freedom += logs.size() - 1;
        }
        return freedom == 0 ? null : new Noise(Math.sqrt(squares / freedom), freedom);
    }

    /** A pooled standard deviation in decades, and the degrees of freedom it was estimated from. */
    record Noise(double sd, int freedom) {
        /** How many standard errors a move must exceed: Student's t, once in a thousand by chance. */
        double critical() {
            return Stats.tTwoSidedOneInAThousand(freedom);
        }
    }

    /** log10 of each seed's own max stable learning rate, for the seeds that trained (the configuration's, for one). */
    private static List<Double> seedLogs(ConfigurationFrontier c) {
        if (c.seeds().isEmpty()) {
            return c.maxStableLearningRate() == null ? List.of() : List.of(Math.log10(c.maxStableLearningRate()));
        }
        return c.seeds().stream().map(ConfigurationFrontier.SeedFrontier::maxStableLearningRate)
                .filter(Objects::nonNull).map(Math::log10).toList();
    }

    /**
     * Whether {@code value} moved {@code base}'s frontier beyond what the resolution and the seeds can tell. Raised:
     * the value's max stable learning rate lies above the baseline's first unstable one (the brackets do not touch),
     * and the seeds' own max stable rates moved up on average by more than chance would move them once in a thousand
     * times given the sweep's seed {@code noise} (Student's t, the noise taken at least as large as a grid step's
     * rounding; unmeasured, with one seed, the brackets alone decide).
     * Lowered: the mirror image.
     */
    static Gain.Effect effect(ConfigurationFrontier base, ConfigurationFrontier value, Noise noise) {
        Double b = base.maxStableLearningRate();
        Double v = value.maxStableLearningRate();
        if (b == null || v == null) return Gain.Effect.INCOMPARABLE;
        List<Double> baseSeeds = seedLogs(base);
        List<Double> valueSeeds = seedLogs(value);
        double move = valueSeeds.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                - baseSeeds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // seeds that all land on one grid step still differ by up to a step: the grid's rounding, sd step / sqrt(12)
        Double step = wider(base.bracketDecades(), value.bracketDecades());
        double sd = noise == null ? 0 : Math.max(noise.sd(), step == null ? 0 : step / Math.sqrt(12));
        double threshold = noise == null ? 0
                : noise.critical() * sd * Math.sqrt(1.0 / baseSeeds.size() + 1.0 / valueSeeds.size());
        Double baseUp = base.firstUnstableLearningRate();
        Double valueUp = value.firstUnstableLearningRate();
        if (baseUp != null && v > baseUp && move > threshold) return Gain.Effect.RAISED;
        if (valueUp != null && b > valueUp && -move > threshold) return Gain.Effect.LOWERED;
        return Gain.Effect.UNCLEAR;
    }

    private static Double wider(Double a, Double b) {
        if (a == null) return b;
        if (b == null) return a;
        return Math.max(a, b);
    }

    private static int seedCount(ConfigurationFrontier c) {
        return c.points().stream().mapToInt(LrPoint::seeds).min().orElse(0);
    }

    private static Map<String, Object> context(ConfigurationFrontier c, String axis) {
        Map<String, Object> context = new LinkedHashMap<>(c.configuration());
        context.remove(axis);
        return context;
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }

    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    /** "optimizer=adam, normalization=batchnorm"; "all trials" when nothing but the learning rate is swept. */
    static String label(Map<String, Object> configuration) {
        if (configuration.isEmpty()) return "all trials";
        List<String> parts = new ArrayList<>();
        configuration.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
