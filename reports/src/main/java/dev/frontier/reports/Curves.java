package dev.frontier.reports;

import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.TrialResult;

import java.util.List;

/**
 * Where the report finds the loss curve of a trial it draws: on the result itself, or read back from the journal
 * when the results in memory were kept without their curves (a large sweep's driver keeps only what the frontier
 * needs).
 */
@FunctionalInterface
public interface Curves {
    /** Curves carried by the results themselves. */
    Curves CARRIED = TrialResult::lossCurve;

    List<CurvePoint> of(TrialResult trial);
}
