package dev.frontier.reports;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The critical learning rate predicted from the sharpness, beside the observed frontier; and catapults. */
class PredictionTest {
    static final List<Double> LRS = List.of(0.1, 0.3, 1.0, 3.0, 10.0);

    /** A trial with the given sharpness at init and peak loss ratio; stable up to {@code edge}. */
    static TrialResult trial(double lr, double edge, double sharpness, double peak, String optimizer) {
        TrialResult r = Trials.result(lr, lr <= edge ? Outcome.CONVERGED : Outcome.DIVERGED, lr <= edge ? 0.5 : null,
                Param.OPTIMIZER, optimizer);
        return new TrialResult(r.trialId(), r.config(), r.outcome(), r.stepsRun(), r.divergedAtStep(), r.initialLoss(),
                r.finalLoss(), r.bestLoss(), r.finalAccuracy(), r.validationLoss(), r.stepsToTarget(), r.lossCurve(),
                r.wallSeconds(), r.message(), r.provenance(), r.chanceLoss(),
                Map.of(TrialResult.SHARPNESS_AT_INIT, sharpness, TrialResult.PEAK_LOSS_RATIO, peak));
    }

    static Frontier frontier(double sharpSgd, double sharpMomentum, double peak) {
        SweepSpec spec = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "momentum", "adam"));
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            results.add(trial(lr, 1.0, sharpSgd, peak, "sgd"));
            results.add(trial(lr, 1.0, sharpMomentum, peak, "momentum"));
            results.add(trial(lr, 1.0, 5.0, peak, "adam"));
        }
        return FrontierAnalysis.of(spec, results);
    }

    @Test
    void sgdAndMomentumGetTheQuadraticsBoundAndAdamNone() {
        // observed: stable up to 1, first unstable 3; sgd 2/λ = 2 with λ = 1 (inside the bracket); momentum 3.8/λ
        Frontier f = frontier(1.0, 38.0, 1.0);
        ConfigurationFrontier sgd = f.configurations().get(0);
        ConfigurationFrontier momentum = f.configurations().get(1);
        ConfigurationFrontier adam = f.configurations().get(2);
        assertEquals(2.0, sgd.predictedCriticalLearningRate(), 1e-12);
        assertEquals(0.1, momentum.predictedCriticalLearningRate(), 1e-12);
        assertNull(adam.predictedCriticalLearningRate(), "adam's would need its preconditioned sharpness");
        assertEquals(5.0, adam.sharpnessAtInit());
        assertEquals(2.0, sgd.predictedOverObserved(), 1e-12);
        String text = Findings.prediction(f).text();
        assertTrue(text.contains("agrees, within the bracket and the seeds' spread, in 1 of 2 configurations "
                + "(optimizer=sgd: predicted 2, observed 1 (bracket 1–3))"), text);
        assertTrue(text.contains("training went beyond it in 1 (optimizer=momentum: predicted 0.1, observed 1"), text);
        assertTrue(text.contains("none recorded here"), "no catapults: " + text);
        assertTrue(!text.contains("stopped short"), text);
    }

    @Test
    void aPredictionAboveTheBracketStoppedShortAndCatapultsAreCounted() {
        Frontier f = frontier(0.1, 1.0, 3.0); // sgd predicts 20: training stopped short of it
        String text = Findings.prediction(f).text();
        // momentum: 3.8 / 1 lies above the bracket too
        assertTrue(text.contains("it stopped short of it in 2 (optimizer=sgd: predicted 20"), text);
        assertTrue(text.contains("mini-batch noise"), text);
        // every converged trial's loss tripled before it trained: 3 rates × 3 optimizers
        assertEquals(3, f.configurations().get(0).catapults());
        LrPoint p = f.configurations().get(0).point(0.3);
        assertEquals(1, p.catapults());
        List<TrialResult> none = List.of();
        String html = HtmlReport.render(spec(), f, none, new RunInfo("local[2]", null, "t", false));
        assertTrue(html.contains("class=\"catapult\""), "the phase diagram marks them");
        assertTrue(html.contains("predicted critical LR"), "the table has the prediction");
        assertTrue(html.contains("<line class=\"predicted\""), "and the frontier chart");
    }

    @Test
    void withoutSharpnessThereIsNoPrediction() {
        SweepSpec spec = Trials.spec(LRS);
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) results.add(Trials.result(lr, lr <= 1 ? Outcome.CONVERGED : Outcome.DIVERGED, 0.5));
        Frontier f = FrontierAnalysis.of(spec, results);
        assertNull(Findings.prediction(f));
        assertNull(f.configurations().get(0).sharpnessAtInit());
    }

    static SweepSpec spec() {
        return Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "momentum", "adam"));
    }

    /** At the max stable rate, the median sharpness at each probed step, in step order. */
    @Test
    void theSharpnessTrajectoryIsReadAtTheMaxStableRate() {
        SweepSpec spec = Trials.spec(LRS);
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            TrialResult r = Trials.result(lr, lr <= 1 ? Outcome.CONVERGED : Outcome.DIVERGED, lr <= 1 ? 0.5 : null,
                    Param.SHARPNESS_BATCHES, 2, Param.SHARPNESS_AT, List.of(0, 10, 50));
            results.add(new TrialResult(r.trialId(), r.config(), r.outcome(), r.stepsRun(), r.divergedAtStep(),
                    r.initialLoss(), r.finalLoss(), r.bestLoss(), r.finalAccuracy(), r.validationLoss(),
                    r.stepsToTarget(), r.lossCurve(), r.wallSeconds(), r.message(), r.provenance(), null,
                    Map.of(TrialResult.SHARPNESS_AT_INIT, 4.0, TrialResult.sharpnessAtStep(50), lr,
                            TrialResult.sharpnessAtStep(10), 2 * lr)));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(spec, results).configurations().get(0);
        assertEquals(List.of(0, 10, 50), List.copyOf(c.sharpnessTrajectory().keySet()));
        assertEquals(List.of(4.0, 2.0, 1.0), List.copyOf(c.sharpnessTrajectory().values()),
                "read at the max stable rate, 1");
    }

    /** Adam: no bound from the start, but LR × its preconditioned sharpness at the max stable rate, step by step. */
    @Test
    void adamsEdgeIsReadFromItsPreconditionedSharpness() {
        SweepSpec spec = Trials.spec(LRS);
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            TrialResult r = Trials.result(lr, lr >= 0.3 && lr <= 1 ? Outcome.CONVERGED : lr < 0.3 ? Outcome.STALLED
                    : Outcome.DIVERGED, lr <= 1 ? 0.5 : null, Param.OPTIMIZER, "adam", Param.SHARPNESS_BATCHES, 2,
                    Param.SHARPNESS_AT, List.of(0, 10, 50));
            results.add(new TrialResult(r.trialId(), r.config(), r.outcome(), r.stepsRun(), r.divergedAtStep(),
                    r.initialLoss(), r.finalLoss(), r.bestLoss(), r.finalAccuracy(), r.validationLoss(),
                    r.stepsToTarget(), r.lossCurve(), r.wallSeconds(), r.message(), r.provenance(), null,
                    Map.of(TrialResult.preconditionedSharpnessAtStep(10), 100 * lr,
                            TrialResult.preconditionedSharpnessAtStep(50), 7.0)));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(spec, results).configurations().get(0);
        // the max stable rate is 1: λ_pre = 100 at step 10 and 7 at step 50
        assertNull(c.predictedCriticalLearningRate(), "no bound from the start for adam");
        assertNull(c.sharpnessAtInit());
        assertEquals(Map.of(10, 100.0, 50, 7.0), c.sharpnessTrajectory());
    }
}
