package dev.frontier.worker;

import dev.frontier.sweeps.LossWatch;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Trains one trial from its {@link TrialConfig} and returns its {@link TrialResult}. Never throws for a trial's sake:
 * divergence is an outcome (the trial stops at the step whose loss diverged), and an exception becomes a FAILED result
 * carrying its message. Thread-safe: concurrent trials in one JVM give the same curves as trials run one by one.
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

    private TrialRunner() {
    }

    /** Runs a trial on built-in data. */
    public static TrialResult run(TrialConfig config) {
        return run(config, null);
    }

    /** Runs a trial; {@code csvData} is the dataset of a CSV config, read and validated by the caller. */
    public static TrialResult run(TrialConfig config, Dataset csvData) {
        long start = System.nanoTime();
        Provenance provenance = new Provenance(Nd4jRuntime.host(), null, System.getProperty("java.version"),
                Nd4jRuntime.nd4jVersion(), null, Nd4jRuntime.frontierVersion(), Instant.now().toString());
        try {
            Nd4jRuntime.ensureReady();
            return train(config, TrialData.split(config, csvData), start, provenance);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) throw (VirtualMachineError) t;
            return TrialResult.failed(config, describe(t), seconds(start), provenance);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    private static TrialResult train(TrialConfig c, Split split, long start, Provenance provenance) {
        Network net = new Network(split.train().features(), c.hidden(), split.train().classes(),
                Activation.of(c.activation()), Network.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), DTYPE);
        net.initialize(new Random(streamSeed(c.seed(), 1)));
        Batches batches = new Batches(split.train(), c.batchSize(), streamSeed(c.seed(), 2), DTYPE);
        Optimizer optimizer = Optimizer.of(c, net.params(), net.grads());
        LossWatch watch = LossWatch.of(c);
        long deadline = c.timeoutSeconds() == null ? Long.MAX_VALUE
                : start + (long) Math.min(Long.MAX_VALUE / 2.0, c.timeoutSeconds() * 1e9);
        for (int t = 0; t < c.steps(); t++) {
            if (System.nanoTime() - deadline > 0) {
                throw new TrialTimeoutException(String.format(Locale.ROOT,
                        "timeout: still training at step %d of %d after %.3g s (training.timeoutSeconds = %s)", t,
                        c.steps(), seconds(start), c.timeoutSeconds()));
            }
            batches.advance();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_MEMORY, WORKSPACE)) {
                double loss = net.trainingLoss(batches.x(), batches.y());
                if (watch.record(loss)) break;
                net.backward(batches.y());
                optimizer.step(t);
            }
        }
        Double accuracy = null;
        Double validationLoss = null;
        if (!watch.diverged()) {
            Dataset v = split.validation();
            INDArray x = Batches.features(v, DTYPE);
            INDArray y = Batches.oneHot(v, DTYPE);
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_MEMORY, WORKSPACE)) {
                double[] lossAndAccuracy = net.evaluate(x, y, v.labels());
                validationLoss = lossAndAccuracy[0];
                accuracy = lossAndAccuracy[1];
            }
        }
        return new TrialResult(c.id(), c, watch.outcome(), watch.stepsRun(), watch.divergedAtStep(),
                watch.initialLoss(), watch.finalLoss(), watch.bestLoss(), accuracy, validationLoss,
                watch.stepsToTarget(), watch.curve(), seconds(start), null, provenance);
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
