package dev.frontier.driver;

import dev.frontier.reports.Format;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;
import dev.frontier.worker.Benchmarks;
import dev.frontier.worker.TrialRunner;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Warnings, before anything runs, about models out of proportion with their data or with one core: far more
 * parameters than training examples (the network can memorize them), or so many parameters that each trial is slow
 * and large. Warnings only: the sweep still runs.
 */
final class ModelSize {
    /** Parameters per training example above which the model is flagged as able to memorize its data. */
    static final double PER_EXAMPLE = 100;
    /** Parameters above which one trial on one core is flagged as slow and large. */
    static final long LARGE = 20_000_000;

    private ModelSize() {
    }

    static List<Problem> warnings(SweepSpec spec, Map<String, Dataset> csv) {
        List<Problem> warnings = new ArrayList<>();
        Set<List<Object>> seen = new LinkedHashSet<>();
        for (TrialConfig c : spec.trials()) {
            if (c.modelClass() != null || c.dl4j() != null || c.modelType().equals("cnn")) continue;
            Dataset d = c.dataFile() == null ? null : csv.get(c.dataFile());
            int features = d == null ? c.features() : d.features();
            int classes = d == null ? c.classes() : d.classes();
            int rows = d == null ? c.samples() : d.rows();
            int train = rows - Split.validationCount(rows, c.validation());
            if (!seen.add(List.of(c.hidden(), features, classes, train, c.normalization()))) continue;
            long params = parameters(features, c.hidden(), classes, !"none".equals(c.normalization()));
            if (params > LARGE) {
                warnings.add(new Problem("model.hidden " + c.hidden(), String.format(Locale.ROOT,
                        "%,d parameters: each trial holds about %d MB and takes long on one core; is this the "
                                + "model you meant?", params, params * 4 * 6 / 1_000_000)));
            } else if (params > PER_EXAMPLE * train) {
                warnings.add(new Problem("model.hidden " + c.hidden(), String.format(Locale.ROOT,
                        "%,d parameters for %,d training examples (%,.0f per example): the network can memorize "
                                + "the data, so validation accuracy will say little", params, train,
                        (double) params / train)));
            }
        }
        return warnings;
    }

    /**
     * Each distinct model of the sweep in a line: its shape, its parameters and the useful floating-point operations of
     * one training step (forward and backward through a batch), e.g. "[64, 64] on 2 features → 3 classes, batchnorm:
     * 4,867 parameters, 3.4 MFLOP a step (batch 128)".
     */
    static List<String> describe(SweepSpec spec, TrialInputs inputs) {
        Map<String, TrialConfig> lines = new LinkedHashMap<>();
        for (TrialConfig c : spec.trials()) {
            Dataset d = inputs.dataFor(c);
            int features = d == null ? c.features() : d.features();
            int classes = d == null ? c.classes() : d.classes();
            String line;
            if (c.dl4j() != null) {
                line = String.format(Locale.ROOT, "DL4J network %s on %d features → %d classes: %s (batch %d)",
                        c.dl4j(), features, classes, ownSize(c, features, classes, inputs.networkFor(c)),
                        c.batchSize());
            } else if (c.modelClass() != null) {
                line = String.format(Locale.ROOT, "%s %s on %d features → %d classes: %s (batch %d)",
                        c.modelClass(), c.modelParameters(), features, classes, ownSize(c, features, classes, null),
                        c.batchSize());
            } else if (c.modelType().equals("cnn")) {
                boolean normalized = !"none".equals(c.normalization());
                line = String.format(Locale.ROOT, "cnn %s (kernel %d) + dense %s on %d features → %d classes%s: %,d "
                                + "parameters, %s MFLOP a step (batch %d)", c.channels(), c.kernel(), c.dense(),
                        features, classes, normalized ? ", " + c.normalization() : "",
                        TrialRunner.parameters(c, features, classes),
                        Format.number(Benchmarks.stepFlops(c, features, classes) / 1e6), c.batchSize());
            } else {
                boolean normalized = !"none".equals(c.normalization());
                line = String.format(Locale.ROOT, "%s on %d features → %d classes%s: %,d parameters, %s MFLOP a step "
                                + "(batch %d)", c.hidden(), features, classes,
                        normalized ? ", " + c.normalization() : "",
                        parameters(features, c.hidden(), classes, normalized),
                        Format.number(Benchmarks.stepFlops(c, features, classes) / 1e6), c.batchSize());
            }
            lines.putIfAbsent(line, c);
        }
        List<String> out = new ArrayList<>();
        lines.forEach((line, c) -> out.add(line + "; " + expectedTime(c, inputs)));
        return out;
    }

    /** Steps timed to estimate a trial's time, after {@link #WARM_STEPS} untimed ones (for the JIT and the data). */
    static final int TIMED_STEPS = 40;
    static final int WARM_STEPS = 60;
    static final int TIMINGS = 3;

    /** {@code v} to two significant digits, e.g. 0.33, 1.1, 250. */
    static String twoDigits(double v) {
        if (!(v > 0) || !Double.isFinite(v)) return Format.number(v);
        return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /**
     * A trial's expected time alone, from {@value #TIMED_STEPS} steps of a trial like {@code c} timed here (at a
     * learning rate too small to diverge, so that every step runs), scaled to its steps.
     */
    private static String expectedTime(TrialConfig c, TrialInputs inputs) {
        Dataset csv = inputs.dataFor(c);
        String network = inputs.networkFor(c);
        try {
            TrialConfig probe = c.with(Param.WARMUP_STEPS, 0).with(Param.LEARNING_RATE, 1e-7)
                    .with(Param.TIMEOUT_SECONDS, 60.0).with(Param.SHARPNESS_BATCHES, null)
                    .with(Param.SHARPNESS_AT, null);
            TrialRunner.run(probe.with(Param.STEPS, Math.min(c.steps(), WARM_STEPS)), csv, network);
            List<Double> perStep = new ArrayList<>();
            int steps = 0;
            for (int i = 0; i < TIMINGS; i++) {
                TrialResult timed = TrialRunner.run(probe.with(Param.STEPS, Math.min(c.steps(), TIMED_STEPS)), csv,
                        network);
                if (timed.outcome() == Outcome.FAILED) return "could not be timed here (" + timed.message() + ")";
                steps = timed.stepsRun();
                perStep.add(timed.wallSeconds() / Math.max(1, steps));
            }
            double median = perStep.stream().sorted().toList().get(TIMINGS / 2);
            return String.format(Locale.ROOT, "about %s s a trial trained alone (%s ms a step, the median of %d "
                            + "timings of %d steps here; packs train several at once)%s",
                    twoDigits(median * c.steps()), twoDigits(median * 1e3), TIMINGS, steps,
                    sharpnessTime(c, csv, network));
        } catch (RuntimeException | LinkageError e) {
            return "could not be timed here (" + e + ")";
        }
    }

    /**
     * What {@code training.sharpness} adds, timed here: a measurement at initialization (once per configuration and
     * seed, shared by the trials that start alike) on a start of its own, so that none is already known; and one per
     * later step probed in every trial, which costs about as much; empty without sharpness.
     */
    private static String sharpnessTime(TrialConfig c, Dataset csv, String network) {
        if (c.sharpnessBatches() == null) return "";
        try {
            TrialConfig probe = c.with(Param.STEPS, 1).with(Param.SHARPNESS_AT, null).with(Param.LEARNING_RATE, 1e-7)
                    .with(Param.SEED, c.seed() + 1_000_003);
            TrialResult timed = TrialRunner.run(probe, csv, network);
            if (timed.metric(TrialResult.SHARPNESS_AT_INIT) == null) return "";
            long later = c.sharpnessAt().stream().filter(t -> t > 0).count();
            return String.format(Locale.ROOT, "; the sharpness about %s s at init per configuration and seed%s",
                    twoDigits(timed.wallSeconds()), later == 0 ? "" : ", and as much again for each of the " + later
                            + " later steps probed in every trial");
        } catch (RuntimeException | LinkageError e) {
            return "could not be timed here (" + e + ")";
        }
    }

    /** A plug-in model's or DL4J network's parameters, counted from the model built for {@code c} here. */
    private static String ownSize(TrialConfig c, int features, int classes, String network) {
        try {
            return String.format(Locale.ROOT, "%,d parameters", TrialRunner.parameters(c, features, classes,
                    network));
        } catch (RuntimeException | LinkageError e) {
            return "could not be built here (" + e + ")";
        }
    }

    /** Weights and biases of the MLP, plus the scale and shift of each normalized layer. */
    static long parameters(int features, List<Integer> hidden, int classes, boolean normalized) {
        return TrialRunner.parameters(features, hidden, classes, normalized);
    }

    /**
     * A trial's cost relative to others of the same sweep, for ordering work: its steps times the multiply-adds of a
     * batch through the network, half again for a normalized one (measured: BatchNorm and LayerNorm steps take
     * about 1.4× as long).
     */
    static double relativeCost(TrialConfig c) {
        if (c.modelClass() != null || c.dl4j() != null) return (double) c.steps() * c.batchSize();
        if (c.modelType().equals("cnn")) {
            // the image size of file data is a guess here (MNIST's): the cost only orders the work
            return c.steps() * Benchmarks.stepFlops(c, c.dataFile() == null ? c.features() : 784, 3);
        }
        return c.steps() * stepMacs(c) * ("none".equals(c.normalization()) ? 1 : 1.5);
    }

    /** Multiply-adds of one batch through the hidden layers (the input layer's width is a guess for CSV data). */
    private static double stepMacs(TrialConfig c) {
        double macs = 0;
        int in = c.dataFile() == null ? c.features() : 1;
        for (int w : c.hidden()) {
            macs += (double) in * w;
            in = w;
        }
        return c.batchSize() * Math.max(1, macs);
    }

    /** Multiply-adds a pack's step should hold so that ND4J's fixed cost per native call stays a small share. */
    static final double PACK_STEP_MACS = 8e6;

    /**
     * The fewest members a pack of trials like {@code c} is split down to: small networks are bound by the cost of
     * each native call rather than by arithmetic, and two small packs side by side ran slower in total than one pack
     * of both (a 64-wide network: two packs of 7 on two cores trained 0.82× as fast as one pack of 14 on one), so they stay in large
     * packs; the reference network (19 million multiply-adds a step) splits down to 4.
     */
    static int packMinimum(TrialConfig c) {
        if (c.modelClass() != null || c.dl4j() != null) return 1;
        if (c.modelType().equals("cnn")) return 1;
        return (int) Math.max(1, Math.min(PACK_MEMBERS, Math.ceil(PACK_STEP_MACS / stepMacs(c))));
    }

    /**
     * The most members a CNN pack gets: its members' examples share each step's native calls, so a pack of 8 takes a
     * member-step about 10% faster than one of 4 on examples/cnn.yaml's network, and a pack of 16 little more.
     */
    static final int CNN_PACK = 8;

    /** Memory a pack may hold for its members' parameters, optimizer state and activations. */
    static final long PACK_BYTES = 512L << 20;
    /** The most members a pack gets unless {@code --pack} says otherwise. */
    static final int PACK_MEMBERS = 32;

    /**
     * How many trials like {@code c} may share a pack: {@code requested} (from {@code --pack}) or
     * {@value #PACK_MEMBERS}, and no more than fit in {@link #PACK_BYTES} (parameters, gradients and two state
     * arrays per member, its activations for a batch and for a block of validation rows, and a shuffled copy of the
     * training split, since every seed keeps one).
     */
    /**
     * What one member of a CNN pack holds during a step, in bytes: per example, each block's im2col columns and about
     * four copies of its activations (pre-activation, activation, their gradients), kept by the forward pass and
     * doubled by the backward pass's temporaries.
     */
    static long cnnBytes(TrialConfig c, int features) {
        int side = (int) Math.round(Math.sqrt(features));
        long perExample = 0;
        int in = 1;
        for (int out : c.channels()) {
            long pixels = (long) side * side;
            perExample += (long) in * c.kernel() * c.kernel() * pixels + 4L * out * pixels;
            in = out;
            side /= 2;
        }
        return 2 * 4 * perExample * c.batchSize();
    }

    static int packLimit(TrialConfig c, Map<String, Dataset> csv, Integer requested) {
        if (c.modelClass() != null || c.dl4j() != null) return 1;
        Dataset d = c.dataFile() == null ? null : csv.get(c.dataFile());
        if (c.modelType().equals("cnn")) {
            int fit = (int) Math.max(1, Math.min(CNN_PACK, PACK_BYTES / cnnBytes(c, d == null ? c.features()
                    : d.features())));
            return Math.min(fit, requested == null ? CNN_PACK : requested);
        }
        int features = d == null ? c.features() : d.features();
        int classes = d == null ? c.classes() : d.classes();
        long params = parameters(features, c.hidden(), classes, !"none".equals(c.normalization()));
        long widths = features + classes;
        long widest = Math.max(features, classes);
        for (int w : c.hidden()) {
            widths += w;
            widest = Math.max(widest, w);
        }
        long rows = d == null ? c.samples() : d.rows();
        // each seed of a pack shuffles its own copy of the training split: count one per member, the worst case
        long epochCopy = 2L * rows * (features + classes);
        long bytes = 4 * (5 * params + 8L * c.batchSize() * widths + 3L * TrialRunner.EVALUATION_ROWS * widest
                + epochCopy);
        int fit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, PACK_BYTES / Math.max(1, bytes)));
        return Math.min(fit, requested == null ? PACK_MEMBERS : requested);
    }
}
