package dev.frontier.worker;

import dev.frontier.sweeps.LossWatch;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialPacks;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.ISchedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a pack of trials (trials that differ only in learning rate, warm-up, schedule, seed and clipping: see
 * {@link TrialPacks}) together, as one vectorized computation, and returns each member's {@link TrialResult}; a
 * pack of one is a trial trained alone. A member's numbers do not depend on the pack it trained in. Never throws for
 * a trial's sake: divergence is an outcome (the member stops at the step whose loss diverged and leaves the pack,
 * while the others go on), and an exception becomes a FAILED result, carrying its message, for every member still
 * training. Thread-safe: concurrent packs in one JVM give the same curves as packs run one by one.
 */
public final class TrialRunner {
    static final DataType DTYPE = DataType.FLOAT;
    private static final String WORKSPACE = "frontier-step";
    private static final WorkspaceConfiguration STEP_MEMORY = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    /** Validation rows evaluated at once: a fixed count, so a member's validation numbers do not depend on its pack. */
    public static final int EVALUATION_ROWS = 1024;

    private TrialRunner() {
    }

    /** Where a pack runs, for its results' provenance: the Spark executor, Spark's version and the task's attempt. */
    public record Context(String executorId, String sparkVersion, Integer attempt) {
        public static final Context LOCAL = new Context(null, null, null);
    }

    /** Parameters of the built-in MLP: weights and biases, plus the scale and shift of each normalized layer. */
    public static long parameters(int features, List<Integer> hidden, int classes, boolean normalized) {
        return PackedMlp.parameterCount(features, hidden, classes, normalized);
    }

    /** Parameters of the model {@code config} names, built for data of this shape (a plug-in's is built to count). */
    public static long parameters(TrialConfig config, int features, int classes) {
        return parameters(config, features, classes, null);
    }

    /**
     * The same, for a DL4J network given its configuration's text (its trainable parameters: BatchNorm's running
     * statistics are not counted).
     */
    public static long parameters(TrialConfig config, int features, int classes, String network) {
        if (config.modelClass() == null && config.dl4j() == null) {
            boolean normed = !"none".equals(config.normalization());
            if (config.modelType().equals("cnn")) {
                return PackedCnn.parameterCount(features, config.channels(), config.kernel(), config.dense(), classes,
                        normed);
            }
            return parameters(features, config.hidden(), classes, normed);
        }
        Nd4jRuntime.ensureReady();
        try (PackedModel model = Models.build(config, features, classes, 1, network)) {
            return model.params().length();
        }
    }

    /** Runs a trial alone on built-in data. */
    public static TrialResult run(TrialConfig config) {
        return run(List.of(config), null, Context.LOCAL).get(0);
    }

    /** Runs a trial alone; {@code csvData} is the dataset of a CSV config, read and validated by the caller. */
    public static TrialResult run(TrialConfig config, Dataset csvData) {
        return run(List.of(config), csvData, Context.LOCAL).get(0);
    }

    /** Runs a trial alone, with its data file's dataset and its DL4J network's configuration text (either null). */
    public static TrialResult run(TrialConfig config, Dataset data, String network) {
        return run(List.of(config), data, network, Context.LOCAL).get(0);
    }

    /**
     * Trains {@code pack} together and returns its members' results in the pack's order; {@code csvData} is the
     * dataset of a CSV pack (null for built-in data). The members must share everything but what
     * {@link TrialPacks#PER_MEMBER} lists.
     */
    public static List<TrialResult> run(List<TrialConfig> pack, Dataset csvData, Context context) {
        return run(pack, csvData, null, context);
    }

    /** The same, with the text of the pack's DL4J network configuration (null when it has none). */
    public static List<TrialResult> run(List<TrialConfig> pack, Dataset csvData, String network, Context context) {
        TrialPacks.requirePackable(pack);
        long start = System.nanoTime();
        Provenance provenance = new Provenance(Nd4jRuntime.host(), context.executorId(),
                System.getProperty("java.version"), Nd4jRuntime.nd4jVersion(), context.sparkVersion(),
                Nd4jRuntime.frontierVersion(), Instant.now().toString(), context.attempt(),
                pack.get(0).id().toString(), pack.size());
        TrialResult[] results = new TrialResult[pack.size()];
        Training training = null;
        try {
            Nd4jRuntime.ensureReady();
            training = new Training(pack, TrialData.split(pack.get(0), csvData), network, start, provenance,
                    results);
            training.run();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) throw (VirtualMachineError) t;
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = TrialResult.failed(pack.get(i), describe(t), seconds(start), provenance);
                }
            }
        } finally {
            if (training != null) training.close();
            // this thread's step memory, freed now; not destroyAllWorkspacesForCurrentThread, which also runs a full
            // garbage collection (System.gc()): once per task, that was most of a sweep of small trials' time
            MemoryWorkspaceManager workspaces = Nd4j.getWorkspaceManager();
            if (workspaces.checkIfWorkspaceExists(WORKSPACE)) {
                workspaces.destroyWorkspace(workspaces.getWorkspaceForCurrentThread(WORKSPACE));
            }
        }
        return List.of(results);
    }

    /** One pack's training: the members still training are {@code alive}, indices into the pack. */
    private static final class Training {
        private final List<TrialConfig> pack;
        private final Split split;
        private final long start;
        private final Provenance provenance;
        private final TrialResult[] results;
        private final TrialConfig shared;
        private final PackedModel net;
        private final Optimizer optimizer;
        private final ISchedule[] schedules;
        /** Each member's gradient-norm threshold, or NaN for no clipping; and how many of its updates it clipped. */
        private final double[] clipNorm;
        private final int[] clipped;
        private final int[] updates;
        /** Each member's sharpness at initialization, when the trial asks for it; and at later steps. */
        private final Double[] sharpness;
        private final List<Map<String, Double>> sharpnessLater = new ArrayList<>();
        /** Whether the sharpness is measured for this pack (gradient descent on a built-in network). */
        private final boolean probes;
        private final LossWatch[] watches;
        private final Map<Integer, Batches> batchesBySeed = new LinkedHashMap<>();
        /** The training split as arrays, shared by every seed's batches. */
        private final INDArray trainX;
        private final INDArray trainY;
        private int[] alive;
        /** The training split's chance loss, which a member must beat to have trained. */
        private final double chance;

        Training(List<TrialConfig> pack, Split split, String network, long start, Provenance provenance,
                 TrialResult[] results) {
            this.pack = pack;
            this.split = split;
            this.start = start;
            this.provenance = provenance;
            this.results = results;
            this.shared = pack.get(0);
            int n = pack.size();
            net = Models.build(shared, split.train().features(), split.train().classes(), n, network);
            trainX = Batches.features(split.train(), DTYPE);
            trainY = Batches.oneHot(split.train(), DTYPE);
            chance = split.train().chanceLoss();
            schedules = new ISchedule[n];
            clipNorm = new double[n];
            sharpness = new Double[n];
            clipped = new int[n];
            updates = new int[n];
            watches = new LossWatch[n];
            alive = new int[n];
            for (int i = 0; i < n; i++) {
                TrialConfig c = pack.get(i);
                net.initialize(i, new Random(streamSeed(c.seed(), 1)));
                schedules[i] = LearningRates.of(c);
                clipNorm[i] = c.clipNorm() == null ? Double.NaN : c.clipNorm();
                watches[i] = LossWatch.of(c, chance);
                alive[i] = i;
                batchesBySeed.computeIfAbsent(c.seed(),
                        s -> new Batches(trainX, trainY, shared.batchSize(), streamSeed(s, 2)));
            }
            // the predictions are for gradient descent with or without momentum, and for Adam and AdamW with their
            // preconditioner; RMSProp's (its state from zero without a bias correction) is not measured
            probes = shared.sharpnessBatches() != null && shared.modelClass() == null && shared.dl4j() == null
                    && !shared.optimizer().equals("rmsprop");
            for (int i = 0; i < n; i++) sharpnessLater.add(new LinkedHashMap<>());
            if (probes) {
                boolean adam = Param.ADAPTIVE.contains(shared.optimizer());
                for (int i = 0; i < n; i++) {
                    TrialConfig c = pack.get(i);
                    INDArray initial = net.params().getRow(i);
                    int features = split.train().features();
                    int classes = split.train().classes();
                    sharpness[i] = Sharpness.atInit(c, initial, trainX, trainY, features, classes);
                    if (adam) {
                        sharpnessLater.get(i).put(TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT,
                                Sharpness.preconditionedAtInit(c, initial, trainX, trainY, features, classes,
                                        c.epsilon() == null ? Optimizer.EPSILON : c.epsilon()));
                    }
                }
            }
            optimizer = Optimizer.of(shared.optimizer(), shared.weightDecay(),
                    shared.epsilon() == null ? Optimizer.EPSILON : shared.epsilon(), shared.optimizerForm(), net.params(),
                    net.grads());
        }

        void run() {
            // a pack trains its members in one pass: the limit is held to each member's share of the time, every
            // interval divided among the members training during it
            double limit = shared.timeoutSeconds() == null ? Double.POSITIVE_INFINITY : shared.timeoutSeconds();
            double share = 0;
            long last = start;
            for (int t = 0; t < shared.steps() && alive.length > 0; t++) {
                long now = System.nanoTime();
                share += (now - last) / 1e9 / alive.length;
                last = now;
                if (share > limit) {
                    throw new TrialTimeoutException(String.format(Locale.ROOT,
                            "timeout: still training at step %d of %d after %.3g s (training.timeoutSeconds = %s%s)",
                            t, shared.steps(), seconds(start), shared.timeoutSeconds(), pack.size() == 1 ? ""
                                    : "; its share of its pack's time, " + alive.length + " training together"));
                }
                batchesBySeed.values().forEach(Batches::advance);
                if (probes && t > 0 && shared.sharpnessAt().contains(t)) probeSharpness(t);
                List<Integer> ended = new ArrayList<>();
                try (MemoryWorkspace ignored = stepMemory()) {
                    INDArray[] x = new INDArray[alive.length];
                    INDArray y = Nd4j.create(DTYPE, alive.length, shared.batchSize(), split.train().classes());
                    for (int p = 0; p < alive.length; p++) {
                        Batches b = batchesBySeed.get(pack.get(alive[p]).seed());
                        x[p] = b.x();
                        y.slice(p).assign(b.y());
                    }
                    double[] losses = net.trainingLoss(x, y);
                    double[] lr = new double[alive.length];
                    for (int p = 0; p < alive.length; p++) {
                        int member = alive[p];
                        if (watches[member].record(losses[p])) ended.add(p);
                        lr[p] = schedules[member].valueAt(t, 0);
                    }
                    if (ended.size() < alive.length) {
                        net.backward(y);
                        clip();
                        optimizer.step(t, lr);
                    }
                }
                if (!ended.isEmpty()) drop(ended);
            }
            if (alive.length > 0) evaluate();
        }

        /** Each member's sharpness now, before step {@code t}'s update: its own trajectory, one member at a time. */
        private void probeSharpness(int t) {
            boolean adam = Param.ADAPTIVE.contains(shared.optimizer());
            for (int p = 0; p < alive.length; p++) {
                int member = alive[p];
                double[] d = adam ? optimizer.preconditioner(p, t) : null;
                if (adam && d == null) continue;
                sharpnessLater.get(member).put(adam ? TrialResult.preconditionedSharpnessAtStep(t)
                        : TrialResult.sharpnessAtStep(t), Sharpness.at(pack.get(member), net.params().getRow(p),
                        trainX, trainY, split.train().features(), split.train().classes(), d));
            }
        }

        /** Clips each member's gradient to its clipNorm, counting its updates and the clipped ones. */
        private void clip() {
            double[] thresholds = new double[alive.length];
            for (int p = 0; p < alive.length; p++) {
                updates[alive[p]]++;
                thresholds[p] = clipNorm[alive[p]];
            }
            boolean[] clippedNow = GradientClip.apply(net.grads(), thresholds);
            for (int p = 0; p < alive.length; p++) if (clippedNow[p]) clipped[alive[p]]++;
        }

        /**
         * The workspace a step's arrays live in, freed at once when the step ends; none (scoped out of any) for a
         * network that manages its own, as DL4J's do.
         */
        private MemoryWorkspace stepMemory() {
            return net.stepWorkspace() ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_MEMORY, WORKSPACE)
                    : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        }

        /** Frees the pack's native memory now rather than at some later garbage collection. */
        void close() {
            net.close();
            optimizer.close();
            batchesBySeed.values().forEach(Batches::close);
            PackedMlp.close(trainX);
            PackedMlp.close(trainY);
        }

        /** The members at these positions of {@code alive} diverged: their results are final; the pack goes on. */
        private void drop(List<Integer> positions) {
            int[] kept = new int[alive.length - positions.size()];
            int[] keptMembers = new int[kept.length];
            for (int p = 0, k = 0; p < alive.length; p++) {
                if (positions.contains(p)) {
                    finish(alive[p], null, null);
                } else {
                    kept[k] = p;
                    keptMembers[k++] = alive[p];
                }
            }
            alive = keptMembers;
            if (kept.length > 0) {
                net.keep(kept);
                optimizer.keep(kept, net.params(), net.grads());
            }
        }

        /** Loss and accuracy on the validation split, for every member that trained to the end. */
        private void evaluate() {
            Dataset v = split.validation();
            INDArray x = Batches.features(v, DTYPE);
            INDArray y = Batches.oneHot(v, DTYPE);
            double[] loss = new double[alive.length];
            double[] correct = new double[alive.length];
            for (int from = 0; from < v.rows(); from += EVALUATION_ROWS) {
                int to = Math.min(v.rows(), from + EVALUATION_ROWS);
                try (MemoryWorkspace ignored = stepMemory()) {
                    double[][] part = net.evaluate(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                            y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                            Arrays.copyOfRange(v.labels(), from, to));
                    for (int p = 0; p < alive.length; p++) {
                        loss[p] += part[0][p];
                        correct[p] += part[1][p];
                    }
                }
            }
            PackedMlp.close(x);
            PackedMlp.close(y);
            for (int p = 0; p < alive.length; p++) {
                if (v.isRegression()) {
                    // the summed squared error: R² is 1 - SSE / (rows × the validation targets' variance)
                    double r2 = 1 - loss[p] / (v.rows() * v.variance());
                    finish(alive[p], loss[p] / v.rows(), null, r2);
                } else {
                    finish(alive[p], loss[p] / v.rows(), correct[p] / v.rows(), null);
                }
            }
        }

        private void finish(int member, Double validationLoss, Double accuracy) {
            finish(member, validationLoss, accuracy, null);
        }

        private void finish(int member, Double validationLoss, Double accuracy, Double r2) {
            TrialConfig c = pack.get(member);
            LossWatch w = watches[member];
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (r2 != null) metrics.put(TrialResult.R2, r2);
            if (!w.diverged()) metrics.put(TrialResult.PEAK_LOSS_RATIO, w.peakLossRatio());
            if (sharpness[member] != null) metrics.put(TrialResult.SHARPNESS_AT_INIT, sharpness[member]);
            sharpnessLater.get(member).forEach((k, v) -> {
                if (Double.isFinite(v)) metrics.put(k, v);
            });
            for (int t : c.sharpnessAt()) {
                boolean probed = t == 0 ? sharpness[member] != null : sharpnessLater.get(member).keySet().stream()
                        .anyMatch(k -> k.equals(TrialResult.sharpnessAtStep(t))
                                || k.equals(TrialResult.preconditionedSharpnessAtStep(t)));
                if (probed) metrics.put(TrialResult.learningRateAtStep(t), schedules[member].valueAt(t, 0));
            }
            if (!Double.isNaN(clipNorm[member]) && updates[member] > 0) {
                metrics.put(TrialResult.CLIPPED_FRACTION, (double) clipped[member] / updates[member]);
            }
            results[member] = new TrialResult(c.id(), c, w.outcome(), w.stepsRun(), w.divergedAtStep(),
                    w.initialLoss(), w.finalLoss(), w.bestLoss(), accuracy, validationLoss, w.stepsToTarget(),
                    w.curve(), seconds(start), null, provenance, chance, metrics);
        }
    }

    /** A trial ran past its {@code training.timeoutSeconds}: the trial is FAILED with this message. */
    static final class TrialTimeoutException extends RuntimeException {
        TrialTimeoutException(String message) {
            super(message);
        }
    }

    /** Independent, well-mixed seeds for the trial's separate random streams (SplitMix64's finalizer). */
    static long streamSeed(long seed, int stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The exception's type and message, and where it was thrown. */
    static String describe(Throwable t) {
        if (t instanceof TrialTimeoutException) return t.getMessage();
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) s.append(": ").append(t.getMessage().strip());
        StackTraceElement[] trace = t.getStackTrace();
        if (trace.length > 0) s.append(" (at ").append(trace[0].getClassName()).append('.')
                .append(trace[0].getMethodName()).append(':').append(trace[0].getLineNumber()).append(')');
        if (t.getCause() != null && t.getCause() != t) s.append("; caused by ").append(describe(t.getCause()));
        return s.toString();
    }
}
