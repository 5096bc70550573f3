package dev.frontier.sweeps;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the user wrote: a name, the parameters fixed for every trial, and the axes swept under {@code grid}.
 * Built from YAML or JSON by {@link SpecReader}, or in code; either way the constructor applies every rule and
 * reports every problem at once.
 *
 * @param name   the sweep's name; the default run directory is {@code runs/<name>}
 * @param fixed  parameters set once in the {@code data}, {@code model} and {@code training} sections
 * @param axes   the swept parameters, in the order written
 * @param source the spec's text as written, kept with the results; may be null for specs built in code
 * @param search the boundary search over the learning rate, whose coarse grid is then the learningRate axis; null for
 *               a plain grid
 * @param model  a plug-in model's parameters that are not swept ({@code model.<name>} to value, defaults filled in)
 */
public record SweepSpec(String name, Map<Param, Object> fixed, List<Axis> axes, String source, LrSearch search,
                        Map<String, Object> model)
        implements Serializable {
    public SweepSpec {
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(axes, "axes");
        EnumMap<Param, Object> copy = new EnumMap<>(Param.class);
        copy.putAll(fixed);
        fixed = Collections.unmodifiableMap(copy);
        axes = List.copyOf(axes);
        model = model == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(model));
        if (!model.isEmpty() && !fixed.containsKey(Param.MODEL_CLASS)) {
            throw new BadInputException("model", "plug-in parameters " + model.keySet() + " need model.class");
        }
        BadInputException.throwIfAny(SpecRules.problems(name, fixed, axes));
        if (search != null && axes.stream().noneMatch(a -> a.param() == Param.LEARNING_RATE
                && a.values().equals(search.coarse()))) {
            throw new IllegalArgumentException("a search's learningRate axis must be its coarse grid");
        }
    }

    public SweepSpec(String name, Map<Param, Object> fixed, List<Axis> axes, String source, LrSearch search) {
        this(name, fixed, axes, source, search, Map.of());
    }

    public SweepSpec(String name, Map<Param, Object> fixed, List<Axis> axes, String source) {
        this(name, fixed, axes, source, null);
    }

    public SweepSpec(String name, Map<Param, Object> fixed, List<Axis> axes) {
        this(name, fixed, axes, null, null);
    }

    /**
     * The trials the sweep runs at most: its grid's, or for a boundary search the coarse grid and every probe it can
     * make.
     */
    public long plannedTrials() {
        if (search == null) return trialCount();
        return search.worstCase(trialCount() / search.coarse().size(), 1);
    }

    public Optional<Axis> axis(Param p) {
        return axes.stream().filter(a -> a.param() == p).findFirst();
    }

    /**
     * The axes that make a configuration: every swept parameter but the learning rate and the seed. A configuration's
     * frontier is read across its learning rates, over its seeds.
     */
    public List<Axis> configurationAxes() {
        return axes.stream().filter(a -> a.param() != Param.LEARNING_RATE && a.param() != Param.SEED).toList();
    }

    /** Number of trials the grid expands to: the product of the axes' sizes. */
    public long trialCount() {
        long n = 1;
        for (Axis a : axes) n = Math.multiplyExact(n, a.values().size());
        return n;
    }

    /** The trials of this sweep, in a fixed order (the last axis varies fastest). */
    public List<TrialConfig> trials() {
        return Grid.expand(this);
    }

    /** A name safe as a directory name: anything but letters, digits, dot, dash and underscore becomes '_'. */
    public String directoryName() {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) safe = "_" + safe;
        return safe;
    }
}
