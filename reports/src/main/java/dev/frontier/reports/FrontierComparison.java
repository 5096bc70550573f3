package dev.frontier.reports;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two runs' frontiers side by side (before and after a change to the model, the data or the budget): what differs
 * between their specs, and for every configuration both runs have, how the max stable learning rate moved. Pure: a
 * function of the two specs and frontiers.
 *
 * @param before     the first run's name
 * @param after      the second run's name
 * @param changes    the spec settings that differ, e.g. "model.hidden: [64, 64] → [128, 128, 128]"
 * @param rows       one row per configuration of either run, in the first run's order, then the second's new ones
 */
public record FrontierComparison(String before, String after, List<String> changes, List<Row> rows) {

    /** One configuration in both runs (either side may be missing). {@code ratio} is after / before. */
    public record Row(String label, ConfigurationFrontier before, ConfigurationFrontier after, Double ratio) {
        public boolean inBoth() {
            return before != null && after != null;
        }

        /** Both stable up to the top of their grids: the ratio says nothing. */
        public boolean bothAtGridEdge() {
            return inBoth() && before.maxStableIsGridEdge() && after.maxStableIsGridEdge();
        }
    }

    public static FrontierComparison of(SweepSpec beforeSpec, Frontier before, SweepSpec afterSpec, Frontier after) {
        Map<Map<String, Object>, ConfigurationFrontier> a = new LinkedHashMap<>();
        before.configurations().forEach(c -> a.put(c.configuration(), c));
        Map<Map<String, Object>, ConfigurationFrontier> b = new LinkedHashMap<>();
        after.configurations().forEach(c -> b.put(c.configuration(), c));
        List<Row> rows = new ArrayList<>();
        a.forEach((key, c) -> {
            ConfigurationFrontier other = b.get(key);
            rows.add(new Row(c.label(), c, other, other == null ? null
                    : ratio(other.maxStableLearningRate(), c.maxStableLearningRate())));
        });
        b.forEach((key, c) -> {
            if (!a.containsKey(key)) rows.add(new Row(c.label(), null, c, null));
        });
        return new FrontierComparison(before.sweep(), after.sweep(), changes(beforeSpec, afterSpec), rows);
    }

    /** The settings whose values differ between two specs, swept or fixed, in the parameters' order. */
    static List<String> changes(SweepSpec a, SweepSpec b) {
        List<String> changes = new ArrayList<>();
        for (Param p : Param.values()) {
            Object va = setting(a, p);
            Object vb = setting(b, p);
            if (!Objects.equals(va, vb)) {
                String path = a.axis(p).isPresent() || b.axis(p).isPresent() ? "grid." + p.key() : p.specPath();
                changes.add(path + ": " + show(va) + " → " + show(vb));
            }
        }
        return changes;
    }

    /** A swept parameter's values, or the value every trial has (defaults filled in), or null when it has none. */
    private static Object setting(SweepSpec s, Param p) {
        if (s.axis(p).isPresent()) return s.axis(p).map(Axis::values).orElseThrow();
        List<dev.frontier.sweeps.TrialConfig> trials = s.trials();
        return trials.isEmpty() ? s.fixed().get(p) : trials.get(0).values().get(p.key());
    }

    private static String show(Object v) {
        if (v == null) return "not set";
        if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Double) {
            return list.stream().map(x -> Format.number((Double) x)).toList().toString();
        }
        return v instanceof Double d ? Format.number(d) : String.valueOf(v);
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }

    private static Gain.Effect effect(Row r, FrontierAnalysis.Noise noise) {
        return FrontierAnalysis.effect(r.before(), r.after(), noise);
    }

    /** The comparison in sentences: the overall move, the biggest movers, what only one run has. */
    public List<String> findings() {
        List<String> out = new ArrayList<>();
        List<Row> measured = rows.stream().filter(r -> r.ratio() != null && !r.bothAtGridEdge()).toList();
        long shared = rows.stream().filter(Row::inBoth).count();
        if (shared == 0) {
            out.add("The two runs share no configuration, so their frontiers cannot be compared one to one.");
        } else if (measured.isEmpty()) {
            out.add("No shared configuration has a max stable learning rate in both runs below the top of the grid, "
                    + "so no change can be measured.");
        } else {
            double median = Stats.medianRatio(measured.stream().map(Row::ratio).toList());
            List<ConfigurationFrontier> all = new ArrayList<>();
            rows.forEach(r -> {
                if (r.before() != null) all.add(r.before());
                if (r.after() != null) all.add(r.after());
            });
            FrontierAnalysis.Noise noise = FrontierAnalysis.noise(all);
            long up = measured.stream().filter(r -> effect(r, noise) == Gain.Effect.RAISED).count();
            long down = measured.stream().filter(r -> effect(r, noise) == Gain.Effect.LOWERED).count();
            out.add("From " + before + " to " + after + ", the max stable learning rate moved " + Format.ratio(median)
                    + " (median over " + measured.size() + " configurations in both): clearly higher in " + up
                    + ", clearly lower in " + down + ", no clear change in " + (measured.size() - up - down)
                    + " (within a bracket or the seeds' spread).");
            Row most = measured.stream().max(Comparator.comparingDouble(r -> Math.abs(Math.log(r.ratio()))))
                    .orElseThrow();
            if (effect(most, noise) != Gain.Effect.UNCLEAR) {
                out.add("The largest move: " + most.label() + ", from " + Findings.maxStable(most.before()) + " to "
                        + Findings.maxStable(most.after()) + " (" + Format.ratio(most.ratio()) + ").");
            }
        }
        long lost = rows.stream().filter(r -> r.inBoth() && r.before().maxStableLearningRate() != null
                && r.after().maxStableLearningRate() == null).count();
        long gained = rows.stream().filter(r -> r.inBoth() && r.before().maxStableLearningRate() == null
                && r.after().maxStableLearningRate() != null).count();
        if (lost > 0) out.add(lost + " configuration" + (lost == 1 ? "" : "s") + " that trained in " + before
                + " no longer train" + (lost == 1 ? "s" : "") + " at any learning rate in " + after + ".");
        if (gained > 0) out.add(gained + " configuration" + (gained == 1 ? "" : "s") + " that never trained in "
                + before + " train" + (gained == 1 ? "s" : "") + " in " + after + ".");
        long onlyBefore = rows.stream().filter(r -> r.after() == null).count();
        long onlyAfter = rows.stream().filter(r -> r.before() == null).count();
        if (onlyBefore + onlyAfter > 0) {
            out.add(onlyBefore + " configuration" + (onlyBefore == 1 ? " is" : "s are") + " only in " + before
                    + ", " + onlyAfter + " only in " + after + ".");
        }
        return out;
    }
}
