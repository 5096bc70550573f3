package dev.frontier.sweeps;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One point of the grid: every parameter resolved, nothing left to defaults. Values are keyed by {@link Param#key()}
 * in declaration order, then a plug-in model's parameters by {@link OpenParam#key()} in name order; parameters that
 * do not apply (the size of a built-in dataset when the data is a CSV file, an unset target loss) are absent.
 */
public record TrialConfig(@JsonValue Map<String, Object> values) implements Serializable {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public TrialConfig {
        Objects.requireNonNull(values, "values");
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (Param p : Param.values()) {
            Object v = values.get(p.key());
            if (v == null) continue;
            p.check(v).ifPresent(why -> problems.add(new Problem(p.key(), why)));
            canonical.put(p.key(), v instanceof List<?> l ? List.copyOf(l) : v);
        }
        for (String key : new TreeMap<>(values).keySet()) {
            if (Param.byKey(key).isPresent()) continue;
            Object v = values.get(key);
            if (!key.startsWith(OpenParam.PREFIX) || key.length() == OpenParam.PREFIX.length()) {
                problems.add(new Problem(key, "is not a parameter"));
            } else if (!canonical.containsKey(Param.MODEL_CLASS.key())) {
                problems.add(new Problem(key, "is a plug-in model's parameter, but no model.class is set"));
            } else if (!(v instanceof Integer || v instanceof Double || v instanceof String || v instanceof Boolean
                    || v instanceof List<?> l && l.stream().allMatch(Integer.class::isInstance))) {
                problems.add(new Problem(key, "must be a number, a text, true or false, or a list of integers, got "
                        + v));
            } else {
                canonical.put(key, v instanceof List<?> l ? List.copyOf(l) : v);
            }
        }
        if (!canonical.containsKey(Param.LEARNING_RATE.key())) {
            problems.add(new Problem(Param.LEARNING_RATE.key(), "is required"));
        }
        BadInputException.throwIfAny(problems);
        values = Collections.unmodifiableMap(canonical);
    }

    /** Fills every parameter not in {@code explicit} with its default, in declaration order. */
    public static TrialConfig resolve(Map<Param, Object> explicit) {
        return resolve(explicit, Map.of());
    }

    /** The same, with a plug-in model's parameters ({@code model.<name>} to value, every one resolved). */
    public static TrialConfig resolve(Map<Param, Object> explicit, Map<String, Object> open) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Param p : Param.values()) {
            Object v = explicit.containsKey(p) ? explicit.get(p) : p.defaultGiven(resolved);
            if (v != null) resolved.put(p.key(), v);
        }
        resolved.putAll(open);
        return new TrialConfig(resolved);
    }

    public TrialId id() {
        return TrialId.of(this);
    }

    public Object get(Param p) {
        return values.get(p.key());
    }

    public boolean has(Param p) {
        return values.containsKey(p.key());
    }

    /** The same config with one parameter changed (defaults that depend on it are not re-derived). */
    public TrialConfig with(Param p, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(p.key(), value);
        return new TrialConfig(copy);
    }

    private int intOf(Param p) {
        return (Integer) values.get(p.key());
    }

    private double doubleOf(Param p) {
        return (Double) values.get(p.key());
    }

    private String textOf(Param p) {
        return (String) values.get(p.key());
    }

    /** The built-in dataset's name, or null when the data comes from files. */
    public String builtin() {
        return textOf(Param.BUILTIN);
    }

    /** The CSV file, or null for built-in data. */
    public String csv() {
        return textOf(Param.CSV);
    }

    public String label() {
        return textOf(Param.LABEL);
    }

    /** The CSV file's column separator: {@code ,} unless the spec says otherwise; a tab for {@code \t}. */
    public char delimiter() {
        String d = textOf(Param.DELIMITER);
        return d == null ? ',' : d.equals("\\t") ? '\t' : d.charAt(0);
    }

    /** The CSV columns to use as features, or null for every column but the label. */
    @SuppressWarnings("unchecked")
    public List<String> featureColumns() {
        return values.get(Param.FEATURES.key()) instanceof List<?> l ? (List<String>) l : null;
    }

    /** Whether the task is regression (one numeric target, squared error) rather than classification. */
    public boolean regression() {
        return "regression".equals(textOf(Param.TASK));
    }

    /** The IDX images file, or null. */
    public String images() {
        return textOf(Param.IMAGES);
    }

    /** The IDX labels file, or null. */
    public String labels() {
        return textOf(Param.LABELS);
    }

    /**
     * The file the data comes from (the CSV file, or the IDX images file), by which a driver hands its loaded dataset
     * to the workers; null for built-in data.
     */
    public String dataFile() {
        return csv() != null ? csv() : images();
    }

    public int samples() {
        return intOf(Param.SAMPLES);
    }

    public int features() {
        return intOf(Param.FEATURES);
    }

    /** Classes of a built-in dataset; 1 (the target) for regression. */
    public int classes() {
        return regression() ? 1 : intOf(Param.CLASSES);
    }

    public int dataSeed() {
        return intOf(Param.DATA_SEED);
    }

    /**
     * How the features are rescaled: {@code none}, {@code standardize} or {@code minmax}; {@code data.standardize:
     * true} reads as standardize.
     */
    public String scaling() {
        String s = textOf(Param.SCALING);
        if (s != null) return s;
        return Boolean.TRUE.equals(values.get(Param.STANDARDIZE.key())) ? "standardize" : "none";
    }

    public double validation() {
        return doubleOf(Param.VALIDATION);
    }

    /** The factor every input feature is multiplied by, or null for none. */
    public Double inputScale() {
        return (Double) values.get(Param.INPUT_SCALE.key());
    }

    /** The DL4J network file, as the spec wrote it, or null. */
    public String dl4j() {
        return textOf(Param.DL4J);
    }

    /** The plug-in model's class, or null for the built-in MLP. */
    public String modelClass() {
        return textOf(Param.MODEL_CLASS);
    }

    /** The plug-in model's parameters by name (without the {@code model.} prefix), in name order. */
    public Map<String, Object> modelParameters() {
        Map<String, Object> own = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(OpenParam.PREFIX)) own.put(k.substring(OpenParam.PREFIX.length()), v);
        });
        return Collections.unmodifiableMap(own);
    }

    /** The built-in network: {@code mlp} (also when not set) or {@code cnn}. */
    public String modelType() {
        String t = textOf(Param.MODEL_TYPE);
        return t == null ? "mlp" : t;
    }

    /** The CNN's channels per block, or null for another model. */
    @SuppressWarnings("unchecked")
    public List<Integer> channels() {
        return (List<Integer>) values.get(Param.CHANNELS.key());
    }

    /** The CNN's convolution size, or null for another model. */
    public Integer kernel() {
        return (Integer) values.get(Param.KERNEL.key());
    }

    /** The CNN's dense widths, or null for another model. */
    @SuppressWarnings("unchecked")
    public List<Integer> dense() {
        return (List<Integer>) values.get(Param.DENSE.key());
    }

    @SuppressWarnings("unchecked")
    public List<Integer> hidden() {
        return (List<Integer>) values.get(Param.HIDDEN.key());
    }

    public String activation() {
        return textOf(Param.ACTIVATION);
    }

    public String normalization() {
        return textOf(Param.NORMALIZATION);
    }

    public int steps() {
        return intOf(Param.STEPS);
    }

    public int batchSize() {
        return intOf(Param.BATCH_SIZE);
    }

    public double learningRate() {
        return doubleOf(Param.LEARNING_RATE);
    }

    public int warmupSteps() {
        return intOf(Param.WARMUP_STEPS);
    }

    public String schedule() {
        return textOf(Param.SCHEDULE);
    }

    public String optimizer() {
        return textOf(Param.OPTIMIZER);
    }

    public double weightDecay() {
        return doubleOf(Param.WEIGHT_DECAY);
    }

    /** Adam, AdamW and RMSProp's epsilon; null for the optimizers that take none. */
    public Double epsilon() {
        return (Double) values.get(Param.EPSILON.key());
    }

    /** How the adaptive optimizers compute their step, {@code pytorch} or {@code nd4j}; null for the others. */
    public String optimizerForm() {
        return textOf(Param.OPTIMIZER_FORM);
    }

    /** The gradient-norm clipping threshold, or null for none. */
    public Double clipNorm() {
        return values.get(Param.CLIP_NORM.key()) instanceof Double d ? d : null;
    }

    /** Minibatches the sharpness at initialization is measured on, or null for none. */
    public Integer sharpnessBatches() {
        return (Integer) values.get(Param.SHARPNESS_BATCHES.key());
    }

    /** The steps after initialization to measure the sharpness at, or an empty list. */
    @SuppressWarnings("unchecked")
    public List<Integer> sharpnessAt() {
        Object v = values.get(Param.SHARPNESS_AT.key());
        return v == null ? List.of() : (List<Integer>) v;
    }

    public int seed() {
        return intOf(Param.SEED);
    }

    public double lossFactor() {
        return doubleOf(Param.LOSS_FACTOR);
    }

    public double stallRatio() {
        return doubleOf(Param.STALL_RATIO);
    }

    /** What a trial must beat to have trained: {@code chance} or {@code first} (see {@link Param#STALL_BASELINE}). */
    public String stallBaseline() {
        return textOf(Param.STALL_BASELINE);
    }

    /** The target loss, or null when none was set. */
    public Double targetLoss() {
        return (Double) values.get(Param.TARGET_LOSS.key());
    }

    /** The trial's time limit in seconds, or null for none. */
    public Double timeoutSeconds() {
        return (Double) values.get(Param.TIMEOUT_SECONDS.key());
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
