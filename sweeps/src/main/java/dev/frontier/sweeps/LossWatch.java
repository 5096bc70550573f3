package dev.frontier.sweeps;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches a trial's training loss step by step and applies the outcome rules: diverged when a loss is not finite or
 * exceeds {@code lossFactor} times the first step's loss (checked at every step, so the trial can stop at once);
 * at the end, stalled when the mean loss of the last 10% of the planned steps is at least {@code stallRatio} times
 * the baseline, else converged. The baseline is the lower of the first loss and the chance loss (the loss of
 * predicting the class frequencies), so a run that ends at chance level has not trained even when it started above
 * it; without a chance loss, the first loss alone. Keeps at most {@value #MAX_CURVE_POINTS} points of the curve. Constant work per step.
 */
public final class LossWatch {
    public static final int MAX_CURVE_POINTS = 200;

    private final int plannedSteps;
    private final double lossFactor;
    private final double stallRatio;
    private final Double targetLoss;
    private final Double chanceLoss;
    private final int tailStart;
    private final int stride;
    private final List<CurvePoint> curve = new ArrayList<>();

    private int steps;
    private double initialLoss = Double.NaN;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private double peakLoss = Double.NEGATIVE_INFINITY;
    private double lastLoss = Double.NaN;
    private double tailSum;
    private int tailCount;
    private Integer divergedAt;
    private Integer stepsToTarget;

    public LossWatch(int plannedSteps, double lossFactor, double stallRatio, Double targetLoss) {
        this(plannedSteps, lossFactor, stallRatio, targetLoss, null);
    }

    /** {@code chanceLoss}: the loss a trial must also beat to have trained, or null to compare with the first loss. */
    public LossWatch(int plannedSteps, double lossFactor, double stallRatio, Double targetLoss, Double chanceLoss) {
        if (plannedSteps < 1) throw new IllegalArgumentException("plannedSteps must be >= 1");
        this.plannedSteps = plannedSteps;
        this.lossFactor = lossFactor;
        this.stallRatio = stallRatio;
        this.targetLoss = targetLoss;
        this.chanceLoss = chanceLoss;
        this.tailStart = plannedSteps - tailLength(plannedSteps);
        this.stride = Math.max(1, (int) Math.ceil((plannedSteps - 1) / (double) (MAX_CURVE_POINTS - 2)));
    }

    /** The watch of a trial whose training split's chance loss is {@code chanceLoss}, under the trial's rules. */
    public static LossWatch of(TrialConfig c, double chanceLoss) {
        return new LossWatch(c.steps(), c.lossFactor(), c.stallRatio(), c.targetLoss(),
                "first".equals(c.stallBaseline()) ? null : chanceLoss);
    }

    /** Steps in the final window: the last 10% of the run, at least one. */
    public static int tailLength(int plannedSteps) {
        return Math.max(1, (int) Math.ceil(plannedSteps * 0.1));
    }

    /**
     * Records the loss of the next step (the loss of the minibatch before that step's update) and returns true when
     * the trial has diverged with it.
     */
    public boolean record(double loss) {
        if (divergedAt != null) throw new IllegalStateException("the trial already diverged at " + divergedAt);
        int step = steps++;
        lastLoss = loss;
        if (step == 0) initialLoss = loss;
        boolean diverged = !Double.isFinite(loss) || loss > lossFactor * initialLoss;
        if (step % stride == 0 || step == plannedSteps - 1 || diverged) {
            curve.add(new CurvePoint(step, Double.isFinite(loss) ? loss : null));
        }
        if (diverged) {
            divergedAt = step;
            return true;
        }
        if (loss < bestLoss) bestLoss = loss;
        if (loss > peakLoss) peakLoss = loss;
        if (step >= tailStart) {
            tailSum += loss;
            tailCount++;
        }
        if (stepsToTarget == null && targetLoss != null && loss <= targetLoss) stepsToTarget = step;
        return false;
    }

    public boolean diverged() {
        return divergedAt != null;
    }

    /**
     * The highest loss of a trial that did not diverge over its first loss (at least 1): above 1, its loss rose above
     * where it started before it went on, as in a catapult (Lewkowycz et al. 2020) when the trial then trained.
     */
    public double peakLossRatio() {
        if (!(initialLoss > 0) || !Double.isFinite(peakLoss)) return 1;
        return Math.max(1, peakLoss / initialLoss);
    }

    /** The outcome once the run has ended (all planned steps, or stopped at divergence). */
    public Outcome outcome() {
        if (divergedAt != null) return Outcome.DIVERGED;
        if (steps < plannedSteps) throw new IllegalStateException("ran " + steps + " of " + plannedSteps + " steps");
        return finalLoss() >= stallRatio * baseline() ? Outcome.STALLED : Outcome.CONVERGED;
    }

    /** What the final loss is compared with: the lower of the first loss and the chance loss, when there is one. */
    public double baseline() {
        return chanceLoss == null ? initialLoss : Math.min(initialLoss, chanceLoss);
    }

    public int stepsRun() {
        return steps;
    }

    public Integer divergedAtStep() {
        return divergedAt;
    }

    public double initialLoss() {
        return initialLoss;
    }

    /** Mean loss of the last 10% of planned steps; for a diverged trial, the loss at which it diverged. */
    public double finalLoss() {
        if (divergedAt != null) return lastLoss;
        return tailCount == 0 ? lastLoss : tailSum / tailCount;
    }

    public double bestLoss() {
        return bestLoss;
    }

    public Integer stepsToTarget() {
        return stepsToTarget;
    }

    public List<CurvePoint> curve() {
        return List.copyOf(curve);
    }
}
