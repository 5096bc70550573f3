package dev.frontier.sweeps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The finished, immutable record of one trial: its config, outcome, metrics, loss curve and provenance. Losses that
 * were not finite, and metrics that do not apply (the accuracy of a diverged trial), are null.
 *
 * @param stepsRun       optimizer steps whose loss was recorded
 * @param divergedAtStep the step (from 0) whose loss triggered divergence
 * @param initialLoss    the first step's training loss
 * @param finalLoss      mean training loss of the last 10% of steps; for a diverged trial, its last loss
 * @param bestLoss       the lowest training loss seen
 * @param finalAccuracy  accuracy on the validation split after training
 * @param validationLoss cross-entropy on the validation split after training
 * @param stepsToTarget  the first step whose loss was at most the config's target loss
 * @param message        why a FAILED trial failed
 * @param chanceLoss     the training split's chance loss (its classes' entropy), which a trained run must beat
 *                       under {@code training.stall.baseline: chance} (the default)
 * @param metrics        further measurements by name, sorted, finite values only (e.g. {@value #CLIPPED_FRACTION});
 *                       a journal line without them, or with fields a later version added, still reads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialResult(TrialId trialId, TrialConfig config, Outcome outcome, int stepsRun, Integer divergedAtStep,
                          Double initialLoss, Double finalLoss, Double bestLoss, Double finalAccuracy,
                          Double validationLoss, Integer stepsToTarget, List<CurvePoint> lossCurve,
                          double wallSeconds, String message, Provenance provenance, Double chanceLoss,
                          Map<String, Double> metrics)
        implements Serializable {
    /**
     * The journal line's format, written with every result: 2 since results carry named {@link #metrics()} (lines
     * without it are format 1). A reader of format N reads every line of N or lower, and a later line's unknown
     * fields are ignored.
     */
    public static final int FORMAT = 2;

    /** The fraction of a trial's optimizer steps whose gradient {@code training.clipNorm} scaled down. */
    public static final String CLIPPED_FRACTION = "clippedFraction";
    /** The highest training loss over the first (at least 1), of a trial that did not diverge. */
    public static final String PEAK_LOSS_RATIO = "peakLossRatio";
    /** The largest eigenvalue of the training loss's Hessian at initialization (power iteration; see the worker). */
    public static final String SHARPNESS_AT_INIT = "sharpnessAtInit";
    /**
     * For Adam and AdamW, the top eigenvalue of {@code D^-1 H} at initialization, with {@code D = sqrt(v) + eps} from
     * each parameter's mean squared gradient there: the preconditioned sharpness of Adam's first steps.
     */
    public static final String PRECONDITIONED_SHARPNESS_AT_INIT = "preconditionedSharpnessAtInit";
    /**
     * The loss rose to this many times its start and the trial still trained: a catapult. Twice, so that minibatches
     * that happen to be harder than the first (a few percent) do not count.
     */
    public static final double CATAPULT_RISE = 2.0;

    /** The name of the sharpness measured before step {@code step}'s update ({@code training.sharpness.at}). */
    public static String sharpnessAtStep(int step) {
        return "sharpnessAtStep" + step;
    }

    /** The same for Adam and AdamW: the top eigenvalue of the Hessian preconditioned by Adam's own scale. */
    public static String preconditionedSharpnessAtStep(int step) {
        return "preconditionedSharpnessAtStep" + step;
    }

    /** The learning rate in effect at step {@code step} (warm-up and decay included), beside a sharpness probed there. */
    public static String learningRateAtStep(int step) {
        return "learningRateAtStep" + step;
    }
    /** A regression's coefficient of determination on the validation split, 1 - SSE / SS_total. */
    public static final String R2 = "r2";

    public TrialResult {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outcome, "outcome");
        lossCurve = lossCurve == null ? List.of() : List.copyOf(lossCurve);
        initialLoss = finiteOrNull(initialLoss);
        finalLoss = finiteOrNull(finalLoss);
        bestLoss = finiteOrNull(bestLoss);
        finalAccuracy = finiteOrNull(finalAccuracy);
        validationLoss = finiteOrNull(validationLoss);
        chanceLoss = finiteOrNull(chanceLoss);
        metrics = finiteOnly(metrics);
        if (!trialId.equals(config.id())) {
            throw new IllegalArgumentException("trial id " + trialId + " does not match its config (" + config.id() + ")");
        }
        if (outcome == Outcome.DIVERGED && divergedAtStep == null) {
            throw new IllegalArgumentException("a diverged trial needs divergedAtStep");
        }
    }

    /** A result without further metrics. */
    public TrialResult(TrialId trialId, TrialConfig config, Outcome outcome, int stepsRun, Integer divergedAtStep,
                       Double initialLoss, Double finalLoss, Double bestLoss, Double finalAccuracy,
                       Double validationLoss, Integer stepsToTarget, List<CurvePoint> lossCurve, double wallSeconds,
                       String message, Provenance provenance, Double chanceLoss) {
        this(trialId, config, outcome, stepsRun, divergedAtStep, initialLoss, finalLoss, bestLoss, finalAccuracy,
                validationLoss, stepsToTarget, lossCurve, wallSeconds, message, provenance, chanceLoss, null);
    }

    /** A result without a chance loss (one trained before it was recorded, or made by hand). */
    public TrialResult(TrialId trialId, TrialConfig config, Outcome outcome, int stepsRun, Integer divergedAtStep,
                       Double initialLoss, Double finalLoss, Double bestLoss, Double finalAccuracy,
                       Double validationLoss, Integer stepsToTarget, List<CurvePoint> lossCurve, double wallSeconds,
                       String message, Provenance provenance) {
        this(trialId, config, outcome, stepsRun, divergedAtStep, initialLoss, finalLoss, bestLoss, finalAccuracy,
                validationLoss, stepsToTarget, lossCurve, wallSeconds, message, provenance, null);
    }

    private static Map<String, Double> finiteOnly(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) return Map.of();
        TreeMap<String, Double> kept = new TreeMap<>();
        metrics.forEach((k, v) -> {
            if (k != null && v != null && Double.isFinite(v)) kept.put(k, v);
        });
        return Collections.unmodifiableMap(kept);
    }

    /** The trial trained (CONVERGED) after its loss rose {@link #CATAPULT_RISE} times above its first: a catapult. */
    public boolean catapult() {
        Double peak = metric(PEAK_LOSS_RATIO);
        return outcome == Outcome.CONVERGED && peak != null && peak > CATAPULT_RISE;
    }

    /** The journal format this result is written in ({@link #FORMAT}); read back, the field is ignored. */
    @JsonProperty("format")
    public int format() {
        return FORMAT;
    }

    /** The metric {@code name}, or null when the trial has none. */
    public Double metric(String name) {
        return metrics.get(name);
    }

    private static Double finiteOrNull(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** A trial that threw: FAILED with the exception's message, no metrics. */
    public static TrialResult failed(TrialConfig config, String message, double wallSeconds, Provenance provenance) {
        return new TrialResult(config.id(), config, Outcome.FAILED, 0, null, null, null, null, null, null, null,
                List.of(), wallSeconds, message, provenance, null);
    }

    /** The same result without its loss curve: what a driver keeps of it once the journal holds the whole. */
    public TrialResult withoutCurve() {
        return withoutCurve(config);
    }

    /**
     * The same result without its loss curve, holding {@code same} (a config equal to its own, that the caller keeps
     * anyway) instead of its own copy: a driver holding many results keeps one config per trial, not two.
     */
    public TrialResult withoutCurve(TrialConfig same) {
        if (!same.equals(config)) throw new IllegalArgumentException("not the config of " + trialId + ": " + same);
        return lossCurve.isEmpty() && same == config ? this : new TrialResult(trialId, same, outcome, stepsRun,
                divergedAtStep, initialLoss, finalLoss, bestLoss, finalAccuracy, validationLoss, stepsToTarget,
                List.of(), wallSeconds, message, provenance, chanceLoss, metrics);
    }

    public TrialResult withProvenance(Provenance p) {
        return new TrialResult(trialId, config, outcome, stepsRun, divergedAtStep, initialLoss, finalLoss, bestLoss,
                finalAccuracy, validationLoss, stepsToTarget, lossCurve, wallSeconds, message, p, chanceLoss, metrics);
    }
}
