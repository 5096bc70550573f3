package dev.frontier.sweeps;

import dev.frontier.sweeps.data.Builtin;
import dev.frontier.sweeps.data.Split;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The rules of a {@link SweepSpec}: each value's own rule, and the rules that relate parameters to each other. */
final class SpecRules {
    private SpecRules() {
    }

    static List<Problem> problems(String name, Map<Param, Object> fixed, List<Axis> axes) {
        List<Problem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new Problem("name", "must be a non-empty text"));
        } else if (name.length() > 200) {
            problems.add(new Problem("name", "must be at most 200 characters, got " + name.length()));
        }
        fixed.forEach((p, v) -> p.check(v).ifPresent(why -> problems.add(new Problem(p.specPath(), why))));
        Set<String> swept = new HashSet<>();
        for (Axis a : axes) {
            if (!swept.add(a.key())) {
                problems.add(new Problem("grid." + a.key(), "is listed twice"));
            }
            if (a.param() != null && fixed.containsKey(a.param())) {
                problems.add(new Problem("grid." + a.key(), "is also set as " + a.param().specPath() + "; keep one"));
            }
        }
        if (!problems.isEmpty()) return problems;
        problems.addAll(relations(fixed, axes));
        return problems;
    }

    /** Rules between parameters, checked over every combination of the values involved. */
    static List<Problem> relations(Map<Param, Object> fixed, List<Axis> axes) {
        Map<Param, Axis> byParam = new EnumMap<>(Param.class);
        axes.stream().filter(a -> a.param() != null).forEach(a -> byParam.put(a.param(), a));
        Set<Problem> problems = new LinkedHashSet<>();
        boolean csv = fixed.containsKey(Param.CSV);
        boolean idx = fixed.containsKey(Param.IMAGES) || fixed.containsKey(Param.LABELS);

        if (!fixed.containsKey(Param.LEARNING_RATE) && !byParam.containsKey(Param.LEARNING_RATE)) {
            problems.add(new Problem("training.learningRate", "is required: set grid.learningRate "
                    + "(a list, or {log: [lo, hi], perDecade: n}) or training.learningRate"));
        }
        if (csv && idx) problems.add(new Problem("data", "set either data.csv or data.images, not both"));
        if (csv || idx) {
            if (fixed.containsKey(Param.BUILTIN) || byParam.containsKey(Param.BUILTIN)) {
                problems.add(new Problem("data", "set either data.builtin or data." + (csv ? "csv" : "images")
                        + ", not both"));
            }
            List<Param> ownSize = csv ? List.of(Param.SAMPLES, Param.CLASSES) : List.of(Param.SAMPLES, Param.FEATURES);
            for (Param p : ownSize) {
                if (fixed.containsKey(p) || byParam.containsKey(p)) {
                    problems.add(new Problem(fixed.containsKey(p) ? p.specPath() : "grid." + p.key(),
                            "only applies to built-in data; a " + (csv ? "CSV file" : "set of IDX files")
                                    + " has its own size"));
                }
            }
        }
        if (csv) {
            if (!fixed.containsKey(Param.LABEL)) {
                problems.add(new Problem("data.label", "is required with data.csv: name the label column"));
            }
            if (byParam.containsKey(Param.FEATURES) || fixed.get(Param.FEATURES) instanceof Integer) {
                problems.add(new Problem(fixed.containsKey(Param.FEATURES) ? Param.FEATURES.specPath()
                        : "grid.features", "with data.csv, features lists the columns to use, once: e.g. "
                        + "features: [age, income]"));
            }
            if (fixed.get(Param.FEATURES) instanceof List<?> columns && columns.contains(fixed.get(Param.LABEL))) {
                problems.add(new Problem(Param.FEATURES.specPath(), "lists the label column \""
                        + fixed.get(Param.LABEL) + "\" as a feature"));
            }
        } else {
            if (fixed.containsKey(Param.LABEL)) problems.add(new Problem("data.label", "only applies to data.csv"));
            if (fixed.containsKey(Param.DELIMITER)) {
                problems.add(new Problem("data.delimiter", "only applies to data.csv"));
            }
            boolean names = fixed.get(Param.FEATURES) instanceof List<?> || byParam.containsKey(Param.FEATURES)
                    && byParam.get(Param.FEATURES).values().stream().anyMatch(v -> v instanceof List<?>);
            if (names && !idx) {
                problems.add(new Problem(fixed.containsKey(Param.FEATURES) ? Param.FEATURES.specPath()
                        : "grid.features", "a list of columns only applies to data.csv; built-in data takes a "
                        + "number of features"));
            }
        }
        if (idx && (!fixed.containsKey(Param.IMAGES) || !fixed.containsKey(Param.LABELS))) {
            problems.add(new Problem(fixed.containsKey(Param.IMAGES) ? "data.labels" : "data.images",
                    "is required with data." + (fixed.containsKey(Param.IMAGES) ? "images" : "labels")
                            + ": IDX data is an images file and a labels file"));
        }

        if (fixed.containsKey(Param.MODEL_CLASS) && fixed.containsKey(Param.DL4J)) {
            problems.add(new Problem("model", "set either model.class or model.dl4j, not both"));
        } else if (fixed.containsKey(Param.MODEL_CLASS) || fixed.containsKey(Param.DL4J)) {
            boolean dl4j = fixed.containsKey(Param.DL4J);
            for (Param p : List.of(Param.HIDDEN, Param.ACTIVATION, Param.NORMALIZATION)) {
                if (fixed.containsKey(p) || byParam.containsKey(p)) {
                    problems.add(new Problem(fixed.containsKey(p) ? p.specPath() : "grid." + p.key(), dl4j
                            ? "belongs to the built-in MLP; a DL4J network (model.dl4j) has its own layers, "
                            + "normalization and activations in its file: sweep them as separate files"
                            : "belongs to the built-in MLP; a plug-in model (model.class) declares its own "
                            + "parameters"));
                }
            }
        }
        boolean plugin = fixed.containsKey(Param.MODEL_CLASS) || fixed.containsKey(Param.DL4J);
        boolean sharpness = fixed.containsKey(Param.SHARPNESS_BATCHES) || byParam.containsKey(Param.SHARPNESS_BATCHES);
        if (plugin && sharpness) {
            problems.add(new Problem(fixed.containsKey(Param.SHARPNESS_BATCHES) ? Param.SHARPNESS_BATCHES.specPath()
                    : "grid.sharpnessBatches", "is measured on the built-in networks only, whose ReLU and pooling "
                    + "kinks it holds still while it differentiates the gradient; "
                    + (fixed.containsKey(Param.DL4J) ? "a DL4J network (model.dl4j)" : "a plug-in model (model.class)")
                    + " cannot be probed"));
        }
        List<Object> optimizers = byParam.containsKey(Param.OPTIMIZER) ? byParam.get(Param.OPTIMIZER).values()
                : List.of(fixed.getOrDefault(Param.OPTIMIZER, Param.OPTIMIZER.defaultGiven(Map.of())));
        if (!plugin && sharpness && optimizers.stream().allMatch("rmsprop"::equals)) {
            problems.add(new Problem(fixed.containsKey(Param.SHARPNESS_BATCHES) ? Param.SHARPNESS_BATCHES.specPath()
                    : "grid.sharpnessBatches", "has no prediction for rmsprop (its second moments start at zero "
                    + "without a bias correction); it is measured for sgd, momentum, nesterov, adam and adamw"));
        }
        List<Object> types = byParam.containsKey(Param.MODEL_TYPE) ? byParam.get(Param.MODEL_TYPE).values()
                : List.of(fixed.getOrDefault(Param.MODEL_TYPE, "mlp"));
        if (plugin && (fixed.containsKey(Param.MODEL_TYPE) || byParam.containsKey(Param.MODEL_TYPE))) {
            problems.add(new Problem(fixed.containsKey(Param.MODEL_TYPE) ? "model.type" : "grid.modelType",
                    "names a built-in network; model.class and model.dl4j bring their own"));
        }
        if (!types.contains("cnn")) {
            for (Param p : List.of(Param.CHANNELS, Param.KERNEL, Param.DENSE)) {
                if (fixed.containsKey(p) || byParam.containsKey(p)) {
                    problems.add(new Problem(fixed.containsKey(p) ? p.specPath() : "grid." + p.key(),
                            "belongs to the built-in CNN: set model.type: cnn"));
                }
            }
        }
        if (!types.contains("mlp") && (fixed.containsKey(Param.HIDDEN) || byParam.containsKey(Param.HIDDEN))) {
            problems.add(new Problem(fixed.containsKey(Param.HIDDEN) ? Param.HIDDEN.specPath() : "grid.hidden",
                    "belongs to the built-in MLP; the CNN has channels, kernel and dense"));
        }
        List<Object> norms = byParam.containsKey(Param.NORMALIZATION) ? byParam.get(Param.NORMALIZATION).values()
                : List.of(fixed.getOrDefault(Param.NORMALIZATION, "none"));
        if (norms.contains("groupnorm") && types.contains("mlp") && !plugin) {
            problems.add(new Problem(fixed.containsKey(Param.NORMALIZATION) ? Param.NORMALIZATION.specPath()
                    : "grid.normalization", "groupnorm groups a convolution's channels: it applies to model.type: "
                    + "cnn, not the MLP"));
        }
        boolean cnnData = types.contains("cnn") && !csv && !idx && !plugin;
        if (cnnData) {
            forEach(List.of(Param.BUILTIN, Param.FEATURES), fixed, byParam, c -> {
                if (c.get(Param.FEATURES).value instanceof Integer f) {
                    int side = (int) Math.round(Math.sqrt(f));
                    if (side * side != f) {
                        problems.add(new Problem(c.get(Param.FEATURES).where, "the cnn takes square one-channel "
                                + "images: " + f + " features are not a square number of pixels (use builtin: shapes, "
                                + "or IDX images)"));
                    }
                }
            });
        }
        if ("regression".equals(fixed.get(Param.TASK))) {
            Object builtin = fixed.get(Param.BUILTIN);
            if (idx) problems.add(new Problem("data.task", "IDX images are classified: regression needs data.csv or "
                    + "builtin: teacher"));
            else if (!csv && builtin != null && !"teacher".equals(builtin) || byParam.containsKey(Param.BUILTIN)
                    || !csv && builtin == null) {
                problems.add(new Problem("data.task", "regression needs a numeric target: data.csv with its label "
                        + "column, or builtin: teacher"));
            }
            if (fixed.containsKey(Param.CLASSES) || byParam.containsKey(Param.CLASSES)) {
                problems.add(new Problem(fixed.containsKey(Param.CLASSES) ? Param.CLASSES.specPath() : "grid.classes",
                        "only applies to classification"));
            }
            if (types.contains("cnn") || fixed.containsKey(Param.DL4J)) {
                problems.add(new Problem("data.task", "regression is for the built-in MLP and plug-in models; "
                        + (fixed.containsKey(Param.DL4J) ? "a DL4J network's loss is softmax cross-entropy"
                        : "the cnn classifies images")));
            }
        }
        if ((fixed.containsKey(Param.SHARPNESS_AT) || byParam.containsKey(Param.SHARPNESS_AT))
                && !fixed.containsKey(Param.SHARPNESS_BATCHES) && !byParam.containsKey(Param.SHARPNESS_BATCHES)) {
            problems.add(new Problem("training.sharpness.at", "needs training.sharpness.batches: how many "
                    + "minibatches the sharpness is measured on"));
        }
        if (fixed.get(Param.SHARPNESS_AT) instanceof List<?> at && !at.isEmpty()) {
            int last = (Integer) at.get(at.size() - 1);
            List<Object> steps = byParam.containsKey(Param.STEPS) ? byParam.get(Param.STEPS).values()
                    : List.of(fixed.getOrDefault(Param.STEPS, Param.STEPS.defaultGiven(Map.of())));
            for (Object s : steps) {
                if (last >= (Integer) s) {
                    problems.add(new Problem("training.sharpness.at", "step " + last + " is not before the end of a "
                            + s + "-step run"));
                    break;
                }
            }
        }
        boolean standardize = Boolean.TRUE.equals(fixed.get(Param.STANDARDIZE))
                || byParam.containsKey(Param.STANDARDIZE);
        if (standardize && (fixed.containsKey(Param.SCALING) || byParam.containsKey(Param.SCALING))) {
            problems.add(new Problem(fixed.containsKey(Param.SCALING) ? Param.SCALING.specPath() : "grid.scaling",
                    "set data.scaling or data.standardize, not both (scaling: standardize is the same as "
                            + "standardize: true)"));
        }
        for (Param adaptiveOnly : List.of(Param.EPSILON, Param.OPTIMIZER_FORM)) {
            if (!fixed.containsKey(adaptiveOnly) && !byParam.containsKey(adaptiveOnly)) continue;
            if (optimizers.stream().noneMatch(Param.ADAPTIVE::contains)) {
                problems.add(new Problem(fixed.containsKey(adaptiveOnly) ? adaptiveOnly.specPath()
                        : "grid." + adaptiveOnly.key(), "only " + String.join(", ", Param.ADAPTIVE) + " take "
                        + (adaptiveOnly == Param.EPSILON ? "an epsilon" : "an optimizerForm")
                        + "; this sweep's optimizers are " + optimizers));
            }
        }
        forEach(List.of(Param.STEPS, Param.WARMUP_STEPS), fixed, byParam, c -> {
            int steps = (Integer) c.get(Param.STEPS).value;
            int warmup = (Integer) c.get(Param.WARMUP_STEPS).value;
            if (warmup > steps) {
                problems.add(new Problem(c.get(Param.WARMUP_STEPS).where,
                        "a warm-up of " + warmup + " steps is longer than the run (" + c.get(Param.STEPS).said() + ")"));
            }
        });
        if (!csv && !idx) {
            forEach(List.of(Param.BUILTIN, Param.FEATURES), fixed, byParam, c -> {
                if ("spirals".equals(c.get(Param.BUILTIN).value) && c.get(Param.FEATURES).value instanceof Integer f
                        && f < 2) {
                    problems.add(new Problem(c.get(Param.FEATURES).where,
                            "spirals needs at least 2 features, got " + c.get(Param.FEATURES).value));
                }
                if ("shapes".equals(c.get(Param.BUILTIN).value) && c.get(Param.FEATURES).value instanceof Integer f) {
                    try {
                        Builtin.side(f);
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(c.get(Param.FEATURES).where, e.getMessage()));
                    }
                }
            });
            forEach(List.of(Param.BUILTIN, Param.CLASSES), fixed, byParam, c -> {
                if ("shapes".equals(c.get(Param.BUILTIN).value)
                        && (Integer) c.get(Param.CLASSES).value > Builtin.SHAPES_CLASSES) {
                    problems.add(new Problem(c.get(Param.CLASSES).where, "shapes draws at most "
                            + Builtin.SHAPES_CLASSES + " classes, got " + c.get(Param.CLASSES).value));
                }
            });
            forEach(List.of(Param.SAMPLES, Param.CLASSES), fixed, byParam, c -> {
                int samples = (Integer) c.get(Param.SAMPLES).value;
                int classes = (Integer) c.get(Param.CLASSES).value;
                if (classes * 2 > samples) {
                    problems.add(new Problem(c.get(Param.CLASSES).where, classes + " classes need at least "
                            + 2 * classes + " samples (" + c.get(Param.SAMPLES).said() + ")"));
                }
            });
            forEach(List.of(Param.SAMPLES, Param.VALIDATION, Param.BATCH_SIZE), fixed, byParam, c -> {
                int samples = (Integer) c.get(Param.SAMPLES).value;
                double validation = (Double) c.get(Param.VALIDATION).value;
                int batch = (Integer) c.get(Param.BATCH_SIZE).value;
                int train = samples - Split.validationCount(samples, validation);
                if (batch > train) {
                    problems.add(new Problem(c.get(Param.BATCH_SIZE).where, "a batch of " + batch
                            + " is larger than the training split (" + train + " of " + samples
                            + " examples after holding out " + validation + ")"));
                }
            });
        }
        return new ArrayList<>(problems);
    }

    /** One parameter's value in a combination, and where the user wrote it. */
    record Choice(Object value, String where, boolean byDefault) {
        /** "training.steps = 300", "grid.steps[1] = 300", "training.steps = 300 by default". */
        String said() {
            return where + " = " + value + (byDefault ? " by default" : "");
        }
    }

    /**
     * Calls {@code action} for every combination of the values of {@code params} (axis values, the fixed value, or
     * the default). Params must be listed in declaration order, since defaults may depend on earlier ones.
     */
    static void forEach(List<Param> params, Map<Param, Object> fixed, Map<Param, Axis> axes,
                        Consumer<Map<Param, Choice>> action) {
        walk(params, 0, fixed, axes, new EnumMap<>(Param.class), new HashMap<>(), action);
    }

    private static void walk(List<Param> params, int i, Map<Param, Object> fixed, Map<Param, Axis> axes,
                             Map<Param, Object> resolved, Map<Param, Choice> chosen,
                             Consumer<Map<Param, Choice>> action) {
        if (i == params.size()) {
            action.accept(chosen);
            return;
        }
        Param p = params.get(i);
        List<Choice> options = new ArrayList<>();
        if (axes.containsKey(p)) {
            List<Object> values = axes.get(p).values();
            for (int k = 0; k < values.size(); k++) options.add(new Choice(values.get(k), "grid." + p.key() + "[" + k + "]", false));
        } else if (fixed.containsKey(p)) {
            options.add(new Choice(fixed.get(p), p.specPath(), false));
        } else {
            Map<String, Object> context = new HashMap<>();
            fixed.forEach((q, v) -> context.put(q.key(), v));
            resolved.forEach((q, v) -> context.put(q.key(), v));
            Object v = p.defaultGiven(context);
            if (v == null) return;
            options.add(new Choice(v, p.specPath(), true));
        }
        for (Choice c : options) {
            resolved.put(p, c.value);
            chosen.put(p, c);
            walk(params, i + 1, fixed, axes, resolved, chosen, action);
        }
        resolved.remove(p);
        chosen.remove(p);
    }
}
