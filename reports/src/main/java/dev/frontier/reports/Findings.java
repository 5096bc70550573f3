package dev.frontier.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's answer in plain words, generated from a {@link Frontier}: which configuration goes highest, what each
 * swept value does to the max stable learning rate against its baseline ("raised", "no clear effect", "made it
 * worse"), what never trained, and where seeds disagree at the edge. Pure: the same frontier gives the same text.
 */
public final class Findings {
    /** Ratios within this factor of 1 are reported as no clear effect (a grid of 2 points per decade steps by 3.16). */
    static final double CLEAR = 1.5;

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
            out.add(new Finding("No configuration trained at any learning rate tried: every one diverged, stalled "
                    + "or failed. Try lower learning rates or more steps.", "#configurations"));
        } else {
            ConfigurationFrontier top = stable.stream()
                    .max(Comparator.comparingDouble(ConfigurationFrontier::maxStableLearningRate)).orElseThrow();
            ConfigurationFrontier bottom = stable.stream()
                    .min(Comparator.comparingDouble(ConfigurationFrontier::maxStableLearningRate)).orElseThrow();
            if (f.configurations().size() == 1) {
                out.add(new Finding("The max stable learning rate is " + maxStable(top) + "; the best is "
                        + Format.number(top.bestLearningRate()) + ".", anchor(top, f)));
            } else {
                out.add(new Finding("The highest max stable learning rate, " + maxStable(top) + ", was reached with "
                        + top.label() + "; the lowest, " + maxStable(bottom) + ", with " + bottom.label() + ".",
                        anchor(top, f)));
            }
        }
        for (Gain g : f.gains()) {
            Finding finding = gain(g);
            if (finding != null) out.add(finding);
        }
        List<ConfigurationFrontier> never = f.configurations().stream()
                .filter(c -> c.maxStableLearningRate() == null).toList();
        if (!never.isEmpty() && !stable.isEmpty()) {
            out.add(new Finding("Nothing trained with " + list(never.stream().map(ConfigurationFrontier::label)
                    .toList(), 4) + ": every learning rate tried diverged, stalled or failed.", anchor(never.get(0), f)));
        }
        List<ConfigurationFrontier> disagree = f.configurations().stream()
                .filter(c -> !c.mixedSeedLearningRates().isEmpty()).toList();
        if (!disagree.isEmpty()) {
            ConfigurationFrontier c = disagree.get(0);
            LrPoint p = c.point(c.mixedSeedLearningRates().get(0));
            out.add(new Finding("Seeds disagree near the edge in " + disagree.size() + " of "
                    + f.configurations().size() + " configurations (e.g. " + c.label() + " at learning rate "
                    + Format.number(p.learningRate()) + ": " + p.converged() + " of " + p.seeds()
                    + " seeds converged); treat those edges as uncertain by one grid step.", anchor(c, f)));
        }
        if (f.counts().failed() > 0) {
            out.add(new Finding(f.counts().failed() + " trial" + (f.counts().failed() == 1 ? "" : "s")
                    + " failed with an error (not a training outcome); see the trial table.", "#failed"));
        }
        return out;
    }

    static Finding gain(Gain g) {
        String what = g.axis() + "=" + g.value() + " (vs " + g.baseline() + ")";
        String evidence = "#" + gainAnchor(g);
        List<Gain.Comparison> both = g.comparisons().stream().filter(c -> c.maxStableRatio() != null).toList();
        long enabled = g.comparisons().stream()
                .filter(c -> c.baselineMaxStable() == null && c.valueMaxStable() != null).count();
        long disabled = g.comparisons().stream()
                .filter(c -> c.baselineMaxStable() != null && c.valueMaxStable() == null).count();
        if (g.comparisons().isEmpty()) return null;
        StringBuilder s = new StringBuilder(what);
        if (!both.isEmpty()) {
            double r = g.medianMaxStableRatio();
            String where = both.size() == 1 ? describe(both.get(0))
                    : "median over " + both.size() + " settings of the other parameters; range "
                    + Format.ratio(g.minMaxStableRatio()) + " to " + Format.ratio(g.maxMaxStableRatio());
            boolean lower = both.stream().anyMatch(Gain.Comparison::lowerBound) && r >= 1;
            if (r >= CLEAR) {
                s.append(" raised the max stable learning rate ").append(lower ? "at least " : "").append(Format.ratio(r));
            } else if (r <= 1 / CLEAR) {
                s.append(" made it worse: the max stable learning rate fell to ").append(Format.ratio(r));
            } else {
                s.append(" had no clear effect on the max stable learning rate (").append(Format.ratio(r)).append(")");
                where = where.isEmpty() ? "" : where;
            }
            if (!where.isEmpty()) s.append(" (").append(where).append(")");
        }
        if (enabled > 0) {
            s.append(both.isEmpty() ? " " : "; it ").append("trained where ").append(g.baseline())
                    .append(" never did in ").append(enabled).append(" of ").append(g.comparisons().size())
                    .append(enabled == 1 && g.comparisons().size() == 1 ? " setting" : " settings");
        }
        if (disabled > 0) {
            s.append(both.isEmpty() && enabled == 0 ? " " : "; it ").append("never trained where ")
                    .append(g.baseline()).append(" did in ").append(disabled).append(" of ")
                    .append(g.comparisons().size()).append(" settings");
        }
        if (both.isEmpty() && enabled == 0 && disabled == 0) {
            s.append(": neither side trained at any learning rate tried, so no comparison");
        }
        s.append('.');
        return new Finding(s.toString(), evidence);
    }

    private static String describe(Gain.Comparison c) {
        String context = c.context().isEmpty() ? "" : " with " + label(c.context());
        return "from " + Format.number(c.baselineMaxStable()) + " to " + (c.lowerBound() ? "≥ " : "")
                + Format.number(c.valueMaxStable()) + context;
    }

    static String label(Map<String, Object> m) {
        return FrontierAnalysis.label(m);
    }

    static String maxStable(ConfigurationFrontier c) {
        return (c.maxStableIsGridEdge() ? "≥ " : "") + Format.number(c.maxStableLearningRate());
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
