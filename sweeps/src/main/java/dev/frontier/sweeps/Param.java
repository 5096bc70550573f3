package dev.frontier.sweeps;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every parameter a trial has, with its place in the spec, its type and rule, and its default. A parameter is set
 * once: either as a scalar in its spec section ({@code training.steps: 300}) or as an axis under {@code grid} by
 * its name ({@code grid.steps: [100, 300]}). The declaration order here is the order of {@link TrialConfig}. A plug-in
 * model's own parameters are {@link OpenParam}s.
 */
public enum Param {
    CSV("csv", "data.csv", new Kind.Text(), r -> null,
            "a CSV file with a header row: one label column, every other column a numeric feature"),
    LABEL("label", "data.label", new Kind.Text(), r -> null, "the CSV column holding the class label"),
    DELIMITER("delimiter", "data.delimiter", new Kind.Delimiter(), r -> null,
            "the CSV file's column separator: one character such as , ; | or \\t for a tab (default ,)"),
    IMAGES("images", "data.images", new Kind.Text(), r -> null,
            "an IDX images file as MNIST ships it (gzip or plain), with data.labels"),
    LABELS("labels", "data.labels", new Kind.Text(), r -> null, "the IDX labels file of data.images"),
    TASK("task", "data.task", new Kind.Choice("classification", "regression"), r -> null,
            "classification (softmax cross-entropy, accuracy; the default) or regression (one numeric target: the "
                    + "CSV's label column, or builtin: teacher's continuous output; mean squared error, R², and the "
                    + "targets' variance as the chance loss)"),
    BUILTIN("builtin", "data.builtin", new Kind.Choice("spirals", "blobs", "teacher", "shapes"),
            r -> fromFiles(r) ? null : "spirals",
            "a built-in synthetic dataset"),
    SAMPLES("samples", "data.samples", new Kind.Int(v -> v >= 10 && v <= 10_000_000, "between 10 and 10000000"),
            r -> fromFiles(r) ? null : 2000, "examples in a built-in dataset"),
    FEATURES("features", "data.features", new Kind.IntOrNames(v -> v >= 1 && v <= 100_000, "between 1 and 100000"),
            r -> fromFiles(r) ? null : "spirals".equals(r.get("builtin")) ? 2 : "shapes".equals(r.get("builtin"))
                    ? 256 : 8,
            "input features of a built-in dataset (spirals: 2 plus noise features; shapes: pixels of a square image, "
                    + "256 = 16 × 16); with data.csv, the list of columns to use as features (default: every column "
                    + "but the label)"),
    CLASSES("classes", "data.classes", new Kind.Int(v -> v >= 2 && v <= 10_000, "between 2 and 10000"),
            r -> fromFiles(r) || "regression".equals(r.get("task")) ? null : 3, "classes of a built-in dataset; with data.images, the number of classes "
            + "(default: the largest label + 1)"),
    DATA_SEED("dataSeed", "data.dataSeed", new Kind.Int(v -> v >= 0, ">= 0"), r -> 0,
            "seed of the dataset's generation and of the validation split"),
    STANDARDIZE("standardize", "data.standardize", new Kind.Bool(), r -> false,
            "z-score every feature with the training split's mean and standard deviation"),
    SCALING("scaling", "data.scaling", new Kind.Choice("none", "standardize", "minmax"), r -> null,
            "rescales every feature by the training split's statistics, applied to both splits: standardize (z-score "
                    + "by mean and standard deviation) or minmax (to [0, 1] by minimum and maximum); none by default "
                    + "(data.standardize: true is the older spelling of standardize)"),
    VALIDATION("validation", "data.validation", new Kind.Real(v -> v > 0 && v < 1, "between 0 and 1 (exclusive)"),
            r -> 0.2, "fraction of the examples held out for validation"),
    INPUT_SCALE("inputScale", "data.inputScale", new Kind.Real(v -> v > 0 && v <= 1e6, "in (0, 1e6]"), r -> null,
            "multiplies every input feature (after standardize): badly scaled inputs on purpose, to see how much of "
                    + "the frontier normalization wins back"),

    MODEL_CLASS("modelClass", "model.class", new Kind.Text(), r -> null,
            "a plug-in model: a class implementing dev.frontier.worker.ModelPlugin, on the classpath (--jars); its "
                    + "own parameters sit beside it under model and are swept as grid.model.<name>"),
    DL4J("dl4j", "model.dl4j", new Kind.Text(), r -> null,
            "a DL4J network: a MultiLayerConfiguration or ComputationGraphConfiguration as its toJson() writes it "
                    + "(a file, relative to the spec); Frontier's optimizer, schedule, weight decay and clipping "
                    + "replace its own updater and regularization"),
    MODEL_TYPE("modelType", "model.type", new Kind.Choice("mlp", "cnn"), r -> null,
            "the built-in network: mlp (hidden) or cnn (channels, kernel, dense) for square one-channel images; mlp "
                    + "when not set"),
    HIDDEN("hidden", "model.hidden", new Kind.Widths(), r -> mlp(r) ? builtinModel(r, List.of(128, 128)) : null,
            "widths of the MLP's hidden layers"),
    CHANNELS("channels", "model.channels", new Kind.Widths(), r -> mlp(r) ? null : List.of(16, 32),
            "the CNN's blocks, by their channels: each a convolution, the normalization, the activation and 2 × 2 "
                    + "max pooling"),
    KERNEL("kernel", "model.kernel", new Kind.Int(v -> v >= 1 && v <= 15 && v % 2 == 1, "odd, from 1 to 15"),
            r -> mlp(r) ? null : 3, "the CNN's convolution size (k × k, stride 1, same padding)"),
    DENSE("dense", "model.dense", new Kind.Widths(), r -> mlp(r) ? null : List.of(128),
            "the CNN's dense layers after its blocks, by width ([] for none)"),
    ACTIVATION("activation", "model.activation", new Kind.Choice("relu", "tanh", "gelu", "linear"),
            r -> builtinModel(r, "relu"), "activation after each hidden layer (the CNN's blocks and dense layers)"),
    NORMALIZATION("normalization", "model.normalization",
            new Kind.Choice("none", "batchnorm", "layernorm", "groupnorm"),
            r -> builtinModel(r, "none"), "normalization between each hidden layer's linear map and its activation "
            + "(the CNN's convolutions); groupnorm is the CNN's only"),

    STEPS("steps", "training.steps", new Kind.Int(v -> v >= 1 && v <= 10_000_000, "between 1 and 10000000"),
            r -> 300, "optimizer steps (minibatches) per trial"),
    BATCH_SIZE("batchSize", "training.batchSize", new Kind.Int(v -> v >= 1, ">= 1"), r -> 128,
            "examples per minibatch"),
    LEARNING_RATE("learningRate", "training.learningRate", new Kind.Real(v -> v > 0, "> 0"), r -> null,
            "peak learning rate (reached after warm-up)"),
    WARMUP_STEPS("warmupSteps", "training.warmupSteps", new Kind.Int(v -> v >= 0, ">= 0"), r -> 0,
            "linear warm-up: the learning rate at step t < warmupSteps is learningRate * (t + 1) / warmupSteps"),
    SCHEDULE("schedule", "training.schedule", new Kind.Choice("constant", "cosine", "step"), r -> "constant",
            "learning-rate decay after warm-up"),
    OPTIMIZER("optimizer", "training.optimizer",
            new Kind.Choice("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"), r -> "sgd", "the optimizer"),
    WEIGHT_DECAY("weightDecay", "training.weightDecay", new Kind.Real(v -> v >= 0, ">= 0"),
            r -> "adamw".equals(r.get("optimizer")) ? 0.01 : 0.0,
            "L2 penalty added to the gradient; decoupled decay for adamw (default 0.01 there, 0 elsewhere)"),
    EPSILON("epsilon", "training.epsilon", new Kind.Real(v -> v > 0 && v < 1, "in (0, 1)"),
            r -> Adaptive.NAMES.contains(r.get("optimizer")) ? 1.0e-8 : null,
            "added to the square root in adam, adamw and rmsprop's denominator (default 1e-8; larger values damp "
                    + "the steps of parameters with small gradients)"),
    OPTIMIZER_FORM("optimizerForm", "training.optimizerForm", new Kind.Choice("pytorch", "nd4j"),
            r -> Adaptive.NAMES.contains(r.get("optimizer")) ? "pytorch" : null,
            "how adam, adamw and rmsprop compute their step: pytorch (the default: PyTorch's torch.optim, its state "
                    + "starting at zero and eps added after Adam's bias correction) or nd4j (ND4J's updaters, as DL4J "
                    + "trains: eps added before the bias correction, RMSProp's state starting at eps)"),
    CLIP_NORM("clipNorm", "training.clipNorm", new Kind.RealOrNone(v -> v > 0, "> 0"), r -> null,
            "global gradient-norm clipping: when the L2 norm of the whole loss gradient exceeds clipNorm it is scaled "
                    + "down to clipNorm (PyTorch's clip_grad_norm_), before weight decay and the optimizer; none by "
                    + "default"),
    SHARPNESS_BATCHES("sharpnessBatches", "training.sharpness.batches",
            new Kind.Int(v -> v >= 1 && v <= 64, "between 1 and 64"), r -> null,
            "measure the sharpness at initialization (the top eigenvalue of the training loss's Hessian, by Lanczos "
                    + "iteration; for adam and adamw also the Hessian preconditioned by their second moments) on this "
                    + "many minibatches, once per configuration and seed; the report sets the critical learning rate "
                    + "it predicts beside the observed frontier"),
    SHARPNESS_AT("sharpnessAt", "training.sharpness.at", new Kind.Steps(), r -> null,
            "also measure the sharpness at these steps of training (before each one's update; 0 is initialization), "
                    + "per trial, for its trajectory through warm-up; recorded as sharpnessAtStep<N> (adam and adamw: "
                    + "preconditionedSharpnessAtStep<N>) with the learning rate there, learningRateAtStep<N>"),
    SEED("seed", "training.seed", new Kind.Int(v -> v >= 0, ">= 0"), r -> 0,
            "seed of the initial weights and of the minibatch order"),
    LOSS_FACTOR("lossFactor", "training.divergence.lossFactor", new Kind.Real(v -> v > 1, "> 1"), r -> 10.0,
            "diverged: a non-finite loss, or a loss above lossFactor times the first step's loss"),
    STALL_RATIO("stallRatio", "training.stall.ratio", new Kind.Real(v -> v > 0 && v <= 1, "in (0, 1]"), r -> 0.9,
            "stalled: mean loss over the last 10% of steps >= stallRatio times the stall baseline"),
    STALL_BASELINE("stallBaseline", "training.stall.baseline", new Kind.Choice("chance", "first"), r -> "chance",
            "what a trial must beat to have trained: chance, the lower of the first step's loss and the chance loss "
                    + "(the entropy of the training split's classes, ln C when balanced); first, the first step's "
                    + "loss alone, which lets a run ending at chance level count as trained"),
    TARGET_LOSS("targetLoss", "training.targetLoss", new Kind.Real(v -> v > 0, "> 0"), r -> null,
            "record the first step whose loss is <= targetLoss"),
    TIMEOUT_SECONDS("timeoutSeconds", "training.timeoutSeconds", new Kind.Real(v -> v > 0, "> 0"), r -> null,
            "a trial still training after this many seconds stops and is FAILED (reason: timeout)");

    /** The data comes from files (CSV or IDX) rather than a built-in generator. */
    private static boolean fromFiles(Map<String, Object> resolved) {
        return resolved.containsKey("csv") || resolved.containsKey("images");
    }

    /** The built-in network is the MLP: no model.type, or mlp. */
    private static boolean mlp(Map<String, Object> resolved) {
        return !"cnn".equals(resolved.get("modelType"));
    }

    /** The built-in MLP's defaults apply only when no plug-in model is named. */
    private static Object builtinModel(Map<String, Object> resolved, Object value) {
        return resolved.containsKey("modelClass") || resolved.containsKey("dl4j") ? null : value;
    }

    /** The optimizers that divide by a running root mean square, and so take an {@link #EPSILON}. */
    public static final List<String> ADAPTIVE = Adaptive.NAMES;

    /** Holds {@link #ADAPTIVE} where the constants' defaults can reach it during the enum's initialization. */
    private static final class Adaptive {
        static final List<String> NAMES = List.of("adam", "adamw", "rmsprop");
    }

    private final String key;
    private final String specPath;
    private final Kind kind;
    private final Function<Map<String, Object>, Object> defaultValue;
    private final String description;

    Param(String key, String specPath, Kind kind, Function<Map<String, Object>, Object> defaultValue,
          String description) {
        this.key = key;
        this.specPath = specPath;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The parameter's name: its key under {@code grid}, in {@link TrialConfig} and in {@code trials.jsonl}. */
    public String key() {
        return key;
    }

    /** Where the parameter is written as a scalar in a spec, e.g. {@code training.divergence.lossFactor}. */
    public String specPath() {
        return specPath;
    }

    public String description() {
        return description;
    }

    /** Words for the type and rule, e.g. "a number > 0". */
    public String describeValues() {
        return kind.describe();
    }

    /** The options of a choice parameter, or an empty list. */
    public List<String> options() {
        return kind instanceof Kind.Choice c ? c.options : List.of();
    }

    Kind kind() {
        return kind;
    }

    /** Why {@code value} is not a valid value of this parameter, or empty when it is. */
    public Optional<String> check(Object value) {
        return Optional.ofNullable(kind.check(value));
    }

    /**
     * The default given the parameters resolved so far (keyed by {@link #key()}, in declaration order), or null when
     * there is none.
     */
    public Object defaultGiven(Map<String, Object> resolved) {
        return defaultValue.apply(resolved);
    }

    /** Whether the parameter may be an axis under {@code grid}. Data files and label columns are not. */
    public boolean sweepable() {
        return this != CSV && this != LABEL && this != DELIMITER && this != IMAGES && this != LABELS
                && this != MODEL_CLASS && this != DL4J && this != TASK;
    }

    public static Optional<Param> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    public static Optional<Param> bySpecPath(String path) {
        return Arrays.stream(values()).filter(p -> p.specPath.equals(path)).findFirst();
    }
}
