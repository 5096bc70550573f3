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

    /**
     * A trial with the given sharpness at init (for adam, its preconditioned sharpness 38 times that, so that both
     * predict the same as sgd's 2/λ would over 19) and peak loss ratio; stable up to {@code edge}.
     */
    static TrialResult trial(double lr, double edge, double sharpness, double peak, String optimizer) {
        TrialResult r = Trials.result(lr, lr <= edge ? Outcome.CONVERGED : Outcome.DIVERGED, lr <= edge ? 0.5 : null,
                Param.OPTIMIZER, optimizer);
        return withMetrics(r, optimizer.equals("adam") ? Map.of(TrialResult.SHARPNESS_AT_INIT, 5.0,
                        TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT, 38 * sharpness, TrialResult.PEAK_LOSS_RATIO, peak)
                        : Map.of(TrialResult.SHARPNESS_AT_INIT, sharpness, TrialResult.PEAK_LOSS_RATIO, peak));
    }

    /** {@code r} with {@code metrics} instead of its own. */
    static TrialResult withMetrics(TrialResult r, Map<String, Double> metrics) {
        return new TrialResult(r.trialId(), r.config(), r.outcome(), r.stepsRun(), r.divergedAtStep(), r.initialLoss(),
                r.finalLoss(), r.bestLoss(), r.finalAccuracy(), r.validationLoss(), r.stepsToTarget(), r.lossCurve(),
                r.wallSeconds(), r.message(), r.provenance(), r.chanceLoss(), metrics);
    }

    static Frontier frontier(double sharpSgd, double sharpMomentum, double peak) {
        return frontier(sharpSgd, sharpMomentum, 1.0, peak);
    }

    static Frontier frontier(double sharpSgd, double sharpMomentum, double sharpAdam, double peak) {
        SweepSpec spec = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "momentum", "adam"));
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            results.add(trial(lr, 1.0, sharpSgd, peak, "sgd"));
            results.add(trial(lr, 1.0, sharpMomentum, peak, "momentum"));
            results.add(trial(lr, 1.0, sharpAdam, peak, "adam"));
        }
        return FrontierAnalysis.of(spec, results);
    }

    @Test
    void eachOptimizerGetsItsQuadraticsBound() {
        // observed: stable up to 1, first unstable 3; sgd 2/λ = 2 with λ = 1 (inside the bracket); momentum 3.8/λ;
        // adam 38/λ_pre with λ_pre = 38
        Frontier f = frontier(1.0, 38.0, 1.0);
        ConfigurationFrontier sgd = f.configurations().get(0);
        ConfigurationFrontier momentum = f.configurations().get(1);
        ConfigurationFrontier adam = f.configurations().get(2);
        assertEquals(2.0, sgd.predictedCriticalLearningRate(), 1e-12);
        assertEquals(0.1, momentum.predictedCriticalLearningRate(), 1e-12);
        assertEquals(1.0, adam.predictedCriticalLearningRate(), 1e-12);
        assertEquals(38.0, adam.preconditionedSharpnessAtInit());
        assertTrue(adam.preconditioned() && !sgd.preconditioned());
        assertEquals(5.0, adam.sharpnessAtInit());
        assertEquals(2.0, sgd.predictedOverObserved(), 1e-12);
        String text = Findings.prediction(f).text();
        assertTrue(text.contains("a quadratic: 2/λ for sgd, 3.8/λ for momentum, 38/λ_pre for adam (λ the top"), text);
        assertTrue(text.contains("agrees, within the bracket and the seeds' spread, in 2 of 3 configurations "
                + "(optimizer=sgd: predicted 2, observed 1 (bracket 1–3); optimizer=adam: predicted 1, observed 1 "
                + "(bracket 1–3))"), text);
        assertTrue(text.contains("training went beyond it in 1 (optimizer=momentum: predicted 0.1, observed 1"), text);
        assertTrue(text.contains("none recorded here"), "no catapults: " + text);
        assertTrue(!text.contains("stopped short"), text);
        assertTrue(!text.contains("adaptive edge"), "adam agreed: " + text);
    }

    /** Adam beyond its bound: the finding gives the adaptive reason; the table shows λ_pre. */
    @Test
    void adamBeyondItsBoundIsExplainedByItsAdaptivePreconditioner() {
        Frontier f = frontier(1.0, 3.8, 100.0, 1.0); // adam: 38 / 3800 = 0.01, trained to 1
        ConfigurationFrontier adam = f.configurations().get(2);
        assertEquals(0.01, adam.predictedCriticalLearningRate(), 1e-12);
        String text = Findings.prediction(f).text();
        assertTrue(text.contains("training went beyond it in 1 (optimizer=adam: predicted 0.01, observed 1"), text);
        assertTrue(text.contains("past 38/λ_pre it trains on at its adaptive edge of stability"), text);
        String html = HtmlReport.render(spec(), f, List.of(), new RunInfo("local[2]", null, "t", false));
        assertTrue(html.contains("preconditioned sharpness at init λ_pre</th>"), "the table has λ_pre");
        assertTrue(html.contains("38/λ_pre, from Adam&#39;s preconditioned sharpness at initialization, 3800"),
                "the chart's tick says what it is");
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
        assertTrue(!html.contains("<section id=\"sharpness\">"), "no trajectory without probes after init");
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
            results.add(withMetrics(r, Map.of(TrialResult.SHARPNESS_AT_INIT, 4.0, TrialResult.sharpnessAtStep(50), lr,
                            TrialResult.sharpnessAtStep(10), 2 * lr, TrialResult.learningRateAtStep(0), 0.02 * lr,
                            TrialResult.learningRateAtStep(10), 0.22 * lr, TrialResult.learningRateAtStep(50), lr)));
        }
        Frontier f = FrontierAnalysis.of(spec, results);
        ConfigurationFrontier c = f.configurations().get(0);
        assertEquals(List.of(0, 10, 50), List.copyOf(c.sharpnessTrajectory().keySet()));
        assertEquals(List.of(4.0, 2.0, 1.0), List.copyOf(c.sharpnessTrajectory().values()),
                "read at the max stable rate, 1");
        // the rate in effect (warming up: 0.02, 0.22, then 1) × λ over sgd's edge, 2
        List<Double> edge = List.copyOf(c.edgeTrajectory().values());
        assertEquals(0.04, edge.get(0), 1e-12);
        assertEquals(0.22, edge.get(1), 1e-12);
        assertEquals(0.5, edge.get(2), 1e-12);
        String html = HtmlReport.render(spec, f, List.of(), new RunInfo("local[2]", null, "t", false));
        assertTrue(html.contains("<section id=\"sharpness\">") && html.contains("<a href=\"#sharpness\">"), "the chart");
        assertTrue(html.contains("step 10: λ 2, 0.22 × the edge of stability"), "its points say what they are");
        assertTrue(html.contains("over the edge of stability (1 = the edge), 0.04 → 0.22 → 0.5"), "and the table");
    }

    /**
     * Adam in a journal without its preconditioned sharpness at init (written before it was measured): no bound, but
     * LR × its preconditioned sharpness at the max stable rate, step by step.
     */
    @Test
    void adamsEdgeIsReadFromItsPreconditionedSharpness() {
        SweepSpec spec = Trials.spec(LRS);
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            TrialResult r = Trials.result(lr, lr >= 0.3 && lr <= 1 ? Outcome.CONVERGED : lr < 0.3 ? Outcome.STALLED
                    : Outcome.DIVERGED, lr <= 1 ? 0.5 : null, Param.OPTIMIZER, "adam", Param.SHARPNESS_BATCHES, 2,
                    Param.SHARPNESS_AT, List.of(0, 10, 50));
            results.add(withMetrics(r, Map.of(TrialResult.preconditionedSharpnessAtStep(10), 100 * lr,
                            TrialResult.preconditionedSharpnessAtStep(50), 7.0)));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(spec, results).configurations().get(0);
        // the max stable rate is 1: λ_pre = 100 at step 10 and 7 at step 50
        assertNull(c.predictedCriticalLearningRate(), "no bound without λ_pre at init");
        assertNull(c.sharpnessAtInit());
        assertEquals(Map.of(10, 100.0, 50, 7.0), c.sharpnessTrajectory());
        assertEquals(100 / 38.0, c.edgeTrajectory().get(10), 1e-12);
    }

    /** With λ_pre at init, Adam's trajectory starts at step 0 with LR × λ_pre there. */
    @Test
    void adamsTrajectoryStartsAtInitialization() {
        SweepSpec spec = Trials.spec(LRS);
        List<TrialResult> results = new ArrayList<>();
        for (double lr : LRS) {
            TrialResult r = Trials.result(lr, lr <= 1 ? Outcome.CONVERGED : Outcome.DIVERGED, lr <= 1 ? 0.5 : null,
                    Param.OPTIMIZER, "adam", Param.SHARPNESS_BATCHES, 2, Param.SHARPNESS_AT, List.of(0, 50));
            results.add(withMetrics(r, Map.of(TrialResult.PRECONDITIONED_SHARPNESS_AT_INIT, 60.0,
                            TrialResult.preconditionedSharpnessAtStep(50), 30.0)));
        }
        ConfigurationFrontier c = FrontierAnalysis.of(spec, results).configurations().get(0);
        assertEquals(Map.of(0, 60.0, 50, 30.0), c.sharpnessTrajectory(), "at the max stable rate, 1");
        assertEquals(60 / 38.0, c.edgeTrajectory().get(0), 1e-12, "older journals: the nominal rate");
        assertEquals(30 / 38.0, c.edgeTrajectory().get(50), 1e-12);
        assertEquals(38 / 60.0, c.predictedCriticalLearningRate(), 1e-12);
    }
}
