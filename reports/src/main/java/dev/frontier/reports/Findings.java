package dev.frontier.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's answer in plain words, generated from a {@link Frontier}: which configuration goes highest, what each
 * swept value does to the max stable learning rate against its baseline ("raised", "no clear effect", "made it
 * worse"), what never trained, and where seeds disagree at the edge. Pure: the same frontier gives the same text.
 */
public final class Findings {
    private Findings() {
    }

    public static List<Finding> of(Frontier f) {
        List<Finding> out = new ArrayList<>();
        List<ConfigurationFrontier> stable = f.configurations().stream()
                .filter(c -> c.maxStableLearningRate() != null).toList();
        if (f.configurations().isEmpty()) {
            out.add(new Finding("No trial has finished yet.", ""));
            return out;
        }
        if (stable.isEmpty()) {
            out.add(new Finding(noneStable(f), "#configurations"));
        } else {
            ConfigurationFrontier top = stable.stream()
                    .max(Comparator.comparingDouble(ConfigurationFrontier::maxStableLearningRate)).orElseThrow();
            ConfigurationFrontier bottom = stable.stream()
                    .min(Comparator.comparingDouble(ConfigurationFrontier::maxStableLearningRate)).orElseThrow();
            if (f.configurations().size() == 1) {
                out.add(new Finding("The max stable learning rate is " + maxStable(top) + beyond(top)
                        + "; the best is " + Format.number(top.bestLearningRate()) + ".", anchor(top, f)));
            } else if (maxStable(top).equals(maxStable(bottom))) {
                out.add(new Finding((stable.size() == f.configurations().size() ? "Every configuration"
                        : "Every configuration that trained (" + stable.size() + " of " + f.configurations().size()
                        + ")") + " has the same max stable learning rate, " + maxStable(top)
                        + (top.maxStableIsGridEdge() ? ": the top of the grid; extend it upward to separate them"
                        : "") + ".", anchor(top, f)));
            } else {
                long tiedTop = stable.stream().filter(c -> maxStable(c).equals(maxStable(top))).count();
                out.add(new Finding("The highest max stable learning rate, " + maxStable(top) + bracket(top)
                        + ", was reached with " + top.label() + (tiedTop > 1 ? " (and " + (tiedTop - 1) + " more)" : "")
                        + "; the lowest, " + maxStable(bottom) + ", with " + bottom.label()
                        + beyond(bottom) + ".", anchor(top, f)));
            }
        }
        for (Gain g : f.gains()) {
            Finding finding = gain(g);
            if (finding != null) out.add(finding);
        }
        Finding predicted = prediction(f);
        if (predicted != null) out.add(predicted);
        List<ConfigurationFrontier> never = f.configurations().stream()
                .filter(c -> c.maxStableLearningRate() == null).toList();
        if (!never.isEmpty() && !stable.isEmpty()) {
            out.add(new Finding("Nothing trained with " + list(never.stream().map(ConfigurationFrontier::label)
                    .toList(), 4) + ": every learning rate tried diverged, stalled or failed.", anchor(never.get(0), f)));
        }
        // at the edge: the first learning rate above the frontier, where some seeds still converged
        List<ConfigurationFrontier> disagree = f.configurations().stream()
                .filter(c -> c.firstUnstableLearningRate() != null
                        && c.mixedSeedLearningRates().contains(c.firstUnstableLearningRate())).toList();
        if (!disagree.isEmpty()) {
            ConfigurationFrontier c = disagree.get(0);
            LrPoint p = c.point(c.firstUnstableLearningRate());
            Double spread = disagree.stream().map(ConfigurationFrontier::seedSpreadDecades)
                    .filter(Objects::nonNull).max(Double::compare).orElse(null);
            out.add(new Finding("Seeds disagree just above the max stable learning rate in " + disagree.size()
                    + " of " + f.configurations().size() + " configurations (e.g. " + c.label() + " at learning rate "
                    + Format.number(p.learningRate()) + ": " + p.converged() + " of " + p.seeds()
                    + " seeds converged). The max stable rate is the highest where every seed trained"
                    + (spread == null ? "" : "; the seeds' own max stable rates lie up to " + Format.decades(spread)
                    + " decade apart") + ".", anchor(c, f)));
        }
        if (f.counts().failed() > 0) {
            out.add(new Finding(f.counts().failed() + " trial" + (f.counts().failed() == 1 ? "" : "s")
                    + " failed with an error (not a training outcome); see the trial table.", "#failed"));
        }
        return out;
    }

    /**
     * Why no configuration has a stable learning rate: nothing trained at all, or (with several seeds) some seeds
     * did, but never every seed at one rate, which is what stable means.
     */
    static String noneStable(Frontier f) {
        LrPoint most = null;
        ConfigurationFrontier where = null;
        for (ConfigurationFrontier c : f.configurations()) {
            for (LrPoint p : c.points()) {
                if (most == null || p.converged() * most.seeds() > most.converged() * p.seeds()) {
                    most = p;
                    where = c;
                }
            }
        }
        if (most == null || most.converged() == 0) {
            return "No configuration trained at any learning rate tried: every one diverged, stalled or failed. Try "
                    + "lower learning rates or more steps.";
        }
        return "No learning rate trained with every seed: " + f.counts().converged() + " of " + f.counts().finished()
                + " trials converged, but at every rate tried at least one seed did not (at best " + most.converged()
                + " of " + most.seeds() + " seeds, " + (f.configurations().size() > 1 ? where.label() + " at " : "at ")
                + Format.number(most.learningRate()) + "). A stable rate needs every seed; try lower learning rates "
                + "or more steps.";
    }

    static Finding gain(Gain g) {
        if (g.comparisons().isEmpty()) return null;
        String evidence = "#" + gainAnchor(g);
        List<Gain.Comparison> measured = g.comparisons().stream()
                .filter(c -> c.maxStableRatio() != null && !c.bothAtGridEdge()).toList();
        List<Gain.Comparison> tied = g.comparisons().stream().filter(Gain.Comparison::bothAtGridEdge).toList();
        long enabled = g.comparisons().stream()
                .filter(c -> c.baselineMaxStable() == null && c.valueMaxStable() != null).count();
        long disabled = g.comparisons().stream()
                .filter(c -> c.baselineMaxStable() != null && c.valueMaxStable() == null).count();
        int n = g.comparisons().size();
        List<String> clauses = new ArrayList<>();
        if (!measured.isEmpty()) {
            List<Double> ratios = measured.stream().map(Gain.Comparison::maxStableRatio).toList();
            double r = Stats.medianRatio(ratios);
            String where = measured.size() <= 3
                    ? String.join("; ", measured.stream().map(Findings::describe).toList())
                    : "median over " + measured.size() + " settings of the other parameters, from "
                    + Format.ratio(Stats.min(ratios)) + " to " + Format.ratio(Stats.max(ratios)) + "; typical: "
                    + describe(typical(measured, r));
            List<Gain.Comparison> up = measured.stream().filter(c -> c.effect() == Gain.Effect.RAISED).toList();
            List<Gain.Comparison> down = measured.stream().filter(c -> c.effect() == Gain.Effect.LOWERED).toList();
            int unclear = measured.size() - up.size() - down.size();
            if (!up.isEmpty() && !down.isEmpty()) {
                clauses.add("had mixed effects: it raised the max stable learning rate in " + up.size()
                        + " of " + measured.size() + " settings (" + String.join("; ", up.stream().limit(2)
                        .map(Findings::describe).toList()) + ") and lowered it in " + down.size() + " ("
                        + String.join("; ", down.stream().limit(2).map(Findings::describe).toList()) + ")"
                        + (unclear > 0 ? ", with no clear effect in the other " + unclear : ""));
            } else if (!up.isEmpty() && unclear > 0) {
                clauses.add("raised the max stable learning rate in " + up.size() + " of " + measured.size()
                        + " settings (" + String.join("; ", up.stream().limit(2).map(Findings::describe).toList())
                        + ") and had no clear effect in the other " + unclear);
            } else if (!down.isEmpty() && unclear > 0) {
                clauses.add("lowered the max stable learning rate in " + down.size() + " of " + measured.size()
                        + " settings (" + String.join("; ", down.stream().limit(2).map(Findings::describe).toList())
                        + ") and had no clear effect in the other " + unclear);
            } else if (!up.isEmpty()) {
                boolean atLeast = measured.stream().anyMatch(c -> c.valueAtGridEdge() && !c.baselineAtGridEdge());
                clauses.add("raised the max stable learning rate " + (atLeast ? "at least " : "") + Format.ratio(r)
                        + " (" + where + ")");
            } else if (!down.isEmpty()) {
                boolean atMost = measured.stream().anyMatch(c -> c.baselineAtGridEdge() && !c.valueAtGridEdge());
                clauses.add("made it worse: the max stable learning rate fell to " + (atMost ? "at most " : "")
                        + Format.ratio(r) + " (" + where + ")");
            } else {
                clauses.add("had no clear effect on the max stable learning rate at this resolution and these seeds: "
                        + Format.ratio(r) + " (" + where + "), within a bracket or the seed noise; "
                        + settle(measured) + " would settle it");
            }
        }
        if (!tied.isEmpty()) {
            String top = Format.number(tied.get(0).baselineMaxStable());
            clauses.add(measured.isEmpty() && enabled == 0 && disabled == 0
                    ? "cannot be told apart: both trained up to the top of the grid (≥ " + top + ") in "
                    + (tied.size() == 1 ? "the only setting" : "all " + tied.size() + " settings")
                    + "; extend the learning-rate axis upward to compare them"
                    : "both trained up to the top of the grid in " + tied.size() + " of " + n + " settings");
        }
        if (enabled > 0) {
            clauses.add("trained where " + g.baseline() + " never did in " + enabled + " of " + n
                    + (n == 1 ? " setting" : " settings"));
        }
        if (disabled > 0) {
            clauses.add("never trained where " + g.baseline() + " did in " + disabled + " of " + n
                    + (n == 1 ? " setting" : " settings"));
        }
        if (clauses.isEmpty()) clauses.add("cannot be compared: neither side trained at any learning rate tried");
        long mostlyClipped = !g.axis().equals("clipNorm") ? 0 : g.comparisons().stream()
                .filter(c -> c.valueClippedFraction() != null
                && c.valueClippedFraction() > 0.5).count();
        if (mostlyClipped > 0) {
            clauses.add("clipped more than half the steps at the max stable rate in " + mostlyClipped + " of " + n
                    + (n == 1 ? " setting" : " settings") + ", where clipping acts mostly as a smaller learning rate");
        }
        StringBuilder s = new StringBuilder(g.axis() + "=" + g.value() + " (vs " + g.baseline() + ") ");
        s.append(clauses.get(0));
        for (String clause : clauses.subList(1, clauses.size())) s.append("; it ").append(clause);
        return new Finding(s.append(". ").append(basis(g.comparisons())).toString(), evidence);
    }

    /**
     * The critical learning rate the sharpness at initialization predicts, against the observed frontier: where they
     * agree (the prediction inside the bracket, widened by the seeds' spread), and where training went beyond it or
     * stopped short, with the likely reasons.
     */
    static Finding prediction(Frontier f) {
        List<ConfigurationFrontier> measured = f.configurations().stream()
                .filter(c -> c.predictedCriticalLearningRate() != null && c.maxStableLearningRate() != null).toList();
        if (measured.isEmpty()) return null;
        List<ConfigurationFrontier> agree = new ArrayList<>();
        List<ConfigurationFrontier> beyond = new ArrayList<>();
        List<ConfigurationFrontier> below = new ArrayList<>();
        for (ConfigurationFrontier c : measured) {
            double slack = Math.pow(10, c.seedSpreadDecades() == null ? 0 : c.seedSpreadDecades());
            double lo = c.maxStableLearningRate() / slack;
            double hi = (c.firstUnstableLearningRate() == null ? Double.POSITIVE_INFINITY
                    : c.firstUnstableLearningRate()) * slack;
            double p = c.predictedCriticalLearningRate();
            if (p < lo) beyond.add(c);
            else if (p > hi) below.add(c);
            else agree.add(c);
        }
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("2/λ", "2/λ for sgd");
        rules.put("3.8/λ", "3.8/λ for momentum");
        rules.put("38/λ_pre", "38/λ_pre for adam");
        List<String> used = rules.entrySet().stream()
                .filter(r -> measured.stream().anyMatch(c -> r.getKey().equals(c.predictionRule())))
                .map(Map.Entry::getValue).toList();
        boolean adam = measured.stream().anyMatch(ConfigurationFrontier::preconditioned);
        StringBuilder s = new StringBuilder("The sharpness at initialization predicts a critical learning rate, as on "
                + "a quadratic: " + String.join(", ", used) + " (λ the top eigenvalue of the loss's Hessian"
                + (adam ? ", λ_pre that of the Hessian preconditioned by Adam's second moments" : "")
                + "); against the observed max stable rate it agrees, within the bracket and the seeds' spread, in "
                + agree.size() + " of " + measured.size() + (measured.size() == 1 ? " configuration" : " configurations"));
        if (!agree.isEmpty()) s.append(" (").append(examples(agree)).append(")");
        if (!beyond.isEmpty()) {
            int catapults = beyond.stream().mapToInt(ConfigurationFrontier::catapults).sum();
            boolean normalized = beyond.stream().anyMatch(c -> c.get("normalization") != null
                    && !"none".equals(c.get("normalization")));
            s.append("; training went beyond it in ").append(beyond.size()).append(" (").append(examples(beyond))
                    .append("): the bound holds for a quadratic, and a network's curvature changes as it trains; a "
                            + "large step can spike the loss and the network then settles where it is flatter (a "
                            + "catapult")
                    .append(catapults > 0 ? ": " + catapults + " trials here did" : ": none recorded here").append(")")
                    .append(normalized ? ", and with normalization the loss is scale-invariant, so its sharpness falls "
                            + "as the weights grow" : "")
                    .append(beyond.stream().anyMatch(ConfigurationFrontier::preconditioned) ? "; Adam's second "
                            + "moments grow as soon as its steps overshoot, which lowers λ_pre: past 38/λ_pre it "
                            + "trains on at its adaptive edge of stability, LR × λ_pre held near 38" : "");
        }
        if (!below.isEmpty()) {
            s.append("; it stopped short of it in ").append(below.size()).append(" (").append(examples(below))
                    .append("): mini-batch noise, and sharpness that grows while training (warm-up lets a network "
                            + "lower it first), set the bound lower than at initialization");
        }
        return new Finding(s.append(".").toString(), anchor(measured.get(0), f));
    }

    /** The first configuration of each kind (gradient descent, Adam's) among {@code cs}, compared. */
    private static String examples(List<ConfigurationFrontier> cs) {
        List<String> out = new ArrayList<>();
        cs.stream().filter(c -> !c.preconditioned()).findFirst().ifPresent(c -> out.add(compare(c)));
        cs.stream().filter(ConfigurationFrontier::preconditioned).findFirst().ifPresent(c -> out.add(compare(c)));
        return String.join("; ", out);
    }

    private static String compare(ConfigurationFrontier c) {
        return (c.configuration().isEmpty() ? "" : c.label() + ": ") + "predicted "
                + Format.number(c.predictedCriticalLearningRate()) + ", observed " + maxStable(c) + bracket(c);
    }

    /** What a comparison rests on: "[resolution 0.5 decade, 3 seeds]", the coarsest bracket and the fewest seeds. */
    static String basis(List<Gain.Comparison> comparisons) {
        Double resolution = comparisons.stream().map(Gain.Comparison::resolutionDecades).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        int seeds = comparisons.stream().mapToInt(Gain.Comparison::seeds).min().orElse(0);
        Double noise = comparisons.stream().map(Gain.Comparison::noiseDecades).filter(Objects::nonNull).findFirst()
                .orElse(null);
        return "[" + (resolution == null ? "" : "resolution " + Format.decades(resolution) + " decade, ") + seeds
                + (seeds == 1 ? " seed: seed-to-seed noise not measured]" : noise == null ? " seeds: seed-to-seed "
                + "noise not measured, no configuration had two seeds that trained]" : " seeds, seed-to-seed sd "
                + Format.decades(noise) + " decade]");
    }

    /** What would tell an unclear comparison apart: more seeds, a finer boundary search, or both. */
    private static String settle(List<Gain.Comparison> unclear) {
        boolean fewSeeds = unclear.stream().anyMatch(c -> c.seeds() < 3);
        boolean coarse = unclear.stream().anyMatch(c -> c.resolutionDecades() != null
                && c.resolutionDecades() > 0.1 + 1e-9);
        if (fewSeeds && coarse) return "more seeds and a finer boundary search";
        if (coarse) return "a finer boundary search";
        return "more seeds";
    }

    /** The comparison whose ratio is nearest the median (on a log scale); of two as near, the larger effect. */
    private static Gain.Comparison typical(List<Gain.Comparison> comparisons, double median) {
        return comparisons.stream().min(Comparator.comparingDouble((Gain.Comparison c) ->
                        Math.abs(Math.log(c.maxStableRatio()) - Math.log(median)))
                .thenComparingDouble(c -> -Math.abs(Math.log(c.maxStableRatio())))).orElseThrow();
    }

    private static String describe(Gain.Comparison c) {
        String context = c.context().isEmpty() ? "" : " with " + label(c.context());
        String clipped = c.valueClippedFraction() == null ? "" : ", clipping "
                + Math.round(100 * c.valueClippedFraction()) + "% of steps there";
        return "from " + bound(c.baselineMaxStable(), c.baselineFirstUnstable(), c.baselineAtGridEdge()) + " to "
                + bound(c.valueMaxStable(), c.valueFirstUnstable(), c.valueAtGridEdge()) + context + clipped;
    }

    /** A max stable learning rate with its bracket: "1.54–1.778" (max stable–first unstable), or "≥ 10" at the top. */
    private static String bound(Double lr, Double firstUnstable, boolean atGridEdge) {
        if (atGridEdge) return "≥ " + Format.number(lr);
        return Format.number(lr) + (firstUnstable == null ? "" : "–" + Format.number(firstUnstable));
    }

    static String label(Map<String, Object> m) {
        return FrontierAnalysis.label(m);
    }

    static String maxStable(ConfigurationFrontier c) {
        return (c.maxStableIsGridEdge() ? "≥ " : "") + Format.number(c.maxStableLearningRate());
    }

    /** A frontier's bracket, " (bracket 4.87–5.623)", or nothing at the grid's edge. */
    static String bracket(ConfigurationFrontier c) {
        if (c.firstUnstableLearningRate() == null) return "";
        return " (bracket " + Format.number(c.maxStableLearningRate()) + "–"
                + Format.number(c.firstUnstableLearningRate()) + ")";
    }

    /** What happens just above a configuration's frontier: ", which diverges at 0.3162" (or stalls, or fails). */
    static String beyond(ConfigurationFrontier c) {
        LrPoint next = c.point(c.firstUnstableLearningRate());
        if (next == null) return "";
        String what = next.diverged() > 0 ? "diverges" : next.stalled() > 0 ? "stalls" : "fails";
        return ", which " + what + " at " + Format.number(next.learningRate());
    }

    static String gainAnchor(Gain g) {
        return "gain-" + slug(g.axis() + "-" + g.value());
    }

    static String anchor(ConfigurationFrontier c, Frontier f) {
        return "#config-" + f.configurations().indexOf(c);
    }

    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9]+", "-");
    }

    private static String list(List<String> items, int max) {
        List<String> shown = items.stream().filter(Objects::nonNull).limit(max).toList();
        String s = String.join("; ", shown);
        return items.size() > max ? s + " and " + (items.size() - max) + " more" : s;
    }
}
