package dev.frontier.reports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.frontier.reports.Trials.result;
import static dev.frontier.sweeps.Outcome.CONVERGED;
import static dev.frontier.sweeps.Outcome.DIVERGED;
import static dev.frontier.sweeps.Outcome.FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report, JSON and CSV drawn from hand-made results. */
class RenderingTest {
    static final List<Double> LRS = List.of(0.01, 0.1, 1.0);
    static final String HOSTILE = "<script>alert(1)</script>";

    static List<TrialResult> results() {
        List<TrialResult> rs = new ArrayList<>();
        for (String optimizer : List.of("sgd", "adam")) {
            rs.add(result(0.01, CONVERGED, 0.5, Param.OPTIMIZER, optimizer));
            rs.add(result(0.1, CONVERGED, 0.3, Param.OPTIMIZER, optimizer));
            rs.add(result(1.0, optimizer.equals("sgd") ? CONVERGED : DIVERGED, 0.4, Param.OPTIMIZER, optimizer));
        }
        return rs;
    }

    static SweepSpec spec(String name) {
        SweepSpec s = Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam"));
        return new SweepSpec(name, s.fixed(), s.axes(), "name: '" + name + "'\n");
    }

    @Test
    void userTextIsEscapedEverywhere() {
        List<TrialResult> rs = new ArrayList<>(results());
        TrialResult failed = result(0.01, FAILED, null, Param.OPTIMIZER, "sgd", Param.SEED, 1);
        rs.add(new TrialResult(failed.trialId(), failed.config(), FAILED, 0, null, null, null, null, null, null, null,
                List.of(), 0.1, HOSTILE, failed.provenance()));
        SweepSpec spec = spec(HOSTILE);
        String html = HtmlReport.render(spec, FrontierAnalysis.of(spec, rs), rs,
                new RunInfo(HOSTILE, null, "2026-01-01T00:00:00Z", false));
        assertFalse(html.contains(HOSTILE), "the name, the error and the master are text, not markup");
        assertFalse(html.contains("alert(1)</script>"));
        assertEquals(1, html.split("<script", -1).length - 1, "only the report's own script");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void theReportIsSelfContainedAndRefreshesOnlyWhileRunning() {
        SweepSpec spec = spec("two-optimizers");
        Frontier f = FrontierAnalysis.of(spec, results());
        String done = HtmlReport.render(spec, f, results(), new RunInfo("local[2]", null, "t", false));
        String running = HtmlReport.render(spec, f, results(), new RunInfo("local[2]", null, "t", true));
        for (String html : List.of(done, running)) {
            assertFalse(html.matches("(?s).*\\b(src|href)=\"(https?:)?//.*"), "no request leaves the page");
            assertFalse(html.matches("(?s).*<script[^>]*\\bsrc=.*"), "no external scripts");
            assertFalse(html.contains("<link"), "no external style sheets");
            assertFalse(html.matches("(?s).*\\burl\\((?!#).*"), "no external images or fonts in CSS");
        }
        assertFalse(done.contains("http-equiv=\"refresh\""));
        assertTrue(running.contains("http-equiv=\"refresh\""));
        assertTrue(running.contains("running: 6 of 6 trials finished"), running);
        assertEquals(2, done.split("<svg class=\"phase\"", -1).length - 1, "a phase diagram per optimizer");
        for (Finding finding : Findings.of(f)) {
            assertTrue(done.contains(Html.escape(finding.text())), finding.text());
        }
    }

    @Test
    void csvTablesHaveOneRowPerTrialAndConfiguration() throws IOException {
        SweepSpec spec = spec("csv");
        Frontier f = FrontierAnalysis.of(spec, results());
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(CsvExport.trials(results()))) {
            List<Map<String, String>> all = rows.readAll();
            assertEquals(6, all.size());
            assertEquals("DIVERGED", all.get(5).get("outcome"));
            assertEquals("", all.get(5).get("finalLoss"), "a missing number is an empty cell");
            assertEquals("[128,128]", all.get(0).get("hidden"));
            assertEquals("1.0", all.get(5).get("learningRate"));
        }
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(CsvExport.frontier(f))) {
            List<Map<String, String>> all = rows.readAll();
            assertEquals(2, all.size());
            assertEquals("sgd", all.get(0).get("optimizer"));
            assertEquals("1.0", all.get(0).get("maxStableLearningRate"));
            assertEquals("0.1", all.get(1).get("maxStableLearningRate"));
        }
    }

    @Test
    void seedsThatDisagreeAtManyRatesAreCountedNotListed() {
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < 40; i++) lrs.add(Math.pow(10, -4 + i * 0.1));
        SweepSpec spec = Trials.spec(lrs, Param.SEED, List.of(0, 1));
        List<TrialResult> rs = new ArrayList<>();
        for (double lr : lrs) {
            rs.add(result(lr, CONVERGED, 0.3, Param.SEED, 0));
            rs.add(result(lr, DIVERGED, null, Param.SEED, 1));
        }
        String html = HtmlReport.render(spec, FrontierAnalysis.of(spec, rs), rs, new RunInfo(null, null, null, false),
                null);
        assertTrue(html.contains("seeds disagree at 1e-4, "), html);
        String note = html.substring(html.indexOf("seeds disagree at "), html.indexOf("</td>",
                html.indexOf("seeds disagree at ")));
        assertTrue(note.contains(" and " + (40 - HtmlReport.MIXED_NAMED) + " more learning rates up to 0.7943"),
                "the rest are counted: " + note);
        assertFalse(note.contains("0.001585"), "a rate past the first few is not listed: " + note);
    }

    @Test
    void aPhaseDiagramOfHundredsOfRatesFitsThePageWithACellForEach() {
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < 301; i++) lrs.add(Math.pow(10, -4 + i / 60.0));
        SweepSpec spec = Trials.spec(lrs);
        List<TrialResult> rs = new ArrayList<>();
        for (double lr : lrs) rs.add(result(lr, lr < 1 ? CONVERGED : DIVERGED, 0.3));
        String html = HtmlReport.render(spec, FrontierAnalysis.of(spec, rs), rs, new RunInfo(null, null, null, false),
                null);
        int at = html.indexOf("<svg class=\"phase\" width=\"");
        String svg = html.substring(at, html.indexOf("</svg>", at));
        int width = Integer.parseInt(svg.substring(svg.indexOf("width=\"") + 7, svg.indexOf("\"", svg.indexOf("width=\"")
                + 7)));
        assertTrue(width <= 100 + PhaseDiagram.MAX_CELLS_WIDTH, "the panel fits: " + width + " px");
        assertEquals(301, svg.split("<rect class=\"cell ").length - 1, "one cell per learning rate");
        long ticks = svg.split("class=\"tick\" transform").length - 1;
        assertTrue(ticks > 5 && ticks <= 40, ticks + " ticks");
    }

    @Test
    void aThousandTrialReportStaysUnderThreeMegabytes() {
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < 20; i++) lrs.add(Math.pow(10, -5 + i * 0.3));
        List<Object> optimizers = List.of("sgd", "momentum", "nesterov", "adam", "rmsprop");
        List<Object> norms = List.of("none", "batchnorm");
        List<Object> warmups = List.of(0, 10, 20, 50, 100);
        SweepSpec spec = Trials.spec(lrs, Param.OPTIMIZER, optimizers, Param.NORMALIZATION, norms,
                Param.WARMUP_STEPS, warmups);
        List<TrialResult> rs = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (double lr : lrs) {
            for (Object o : optimizers) {
                for (Object n : norms) {
                    for (Object w : warmups) {
                        boolean diverged = lr > 0.1 * (1 + optimizers.indexOf(o));
                        TrialResult t = result(lr, diverged ? DIVERGED : CONVERGED, 0.3, Param.OPTIMIZER, o,
                                Param.NORMALIZATION, n, Param.WARMUP_STEPS, w);
                        List<dev.frontier.sweeps.CurvePoint> curve = new ArrayList<>();
                        for (int k = 0; k < 200; k++) {
                            curve.add(new dev.frontier.sweeps.CurvePoint(k * 5, 2.0 * Math.exp(-k / 50.0)
                                    + 0.05 * random.nextDouble()));
                        }
                        rs.add(new TrialResult(t.trialId(), t.config(), t.outcome(), t.stepsRun(),
                                t.divergedAtStep(), t.initialLoss(), t.finalLoss(), t.bestLoss(), t.finalAccuracy(),
                                t.validationLoss(), null, curve, t.wallSeconds(), null, t.provenance()));
                    }
                }
            }
        }
        assertEquals(1000, rs.size());
        String html = HtmlReport.render(spec, FrontierAnalysis.of(spec, rs), rs, new RunInfo("local[2]", null, "t",
                false));
        int bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes < 3_000_000, "report of 1000 trials is " + bytes + " bytes");
    }

    @Test
    void theTrainedCurveIsTheFractionOfSeedsThatConvergedAtEachRate() {
        SweepSpec base = Trials.spec(List.of(0.1, 1.0), Param.SEED, List.of(0, 1, 2));
        List<TrialResult> rs = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            rs.add(result(0.1, CONVERGED, 0.3, Param.SEED, seed));
            rs.add(result(1.0, seed == 2 ? DIVERGED : CONVERGED, seed == 2 ? null : 0.3, Param.SEED, seed));
        }
        String html = HtmlReport.render(base, FrontierAnalysis.of(base, rs), rs, new RunInfo(null, null, null, false));
        String trained = html.substring(html.indexOf("<svg class=\"trained\""));
        trained = trained.substring(0, trained.indexOf("</svg>"));
        assertTrue(trained.contains("seeds trained 1 (3 of 3 seeds converged)"), trained);
        assertTrue(trained.contains("seeds trained 0.6667 (2 of 3 seeds converged, 1 diverged)"), trained);
        // the plot spans y 10 .. 80 for 0 .. 1.05: 1 sits at 10 + 70 * (1 - 1 / 1.05), 2/3 lower
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<polyline[^>]*points=\"([^\"]+)\"")
                .matcher(trained);
        assertTrue(m.find(), trained);
        String[] points = m.group(1).trim().split(" ");
        assertEquals(2, points.length);
        assertEquals(10 + 70 * (1 - 1 / 1.05), Double.parseDouble(points[0].split(",")[1]), 0.06);
        assertEquals(10 + 70 * (1 - (2.0 / 3) / 1.05), Double.parseDouble(points[1].split(",")[1]), 0.06);
    }

    @Test
    void aSweepWhereEveryTrialFailedStillRenders() {
        SweepSpec spec = Trials.spec(List.of(0.1, 1.0), Param.SEED, List.of(0, 1));
        List<TrialResult> rs = new ArrayList<>();
        for (int seed = 0; seed < 2; seed++) {
            rs.add(result(0.1, FAILED, null, Param.SEED, seed));
            rs.add(result(1.0, FAILED, null, Param.SEED, seed));
        }
        String html = HtmlReport.render(spec, FrontierAnalysis.of(spec, rs), rs, new RunInfo(null, null, null, false));
        assertTrue(html.contains("<svg class=\"sensitivity\""), "an empty chart, not a hang");
        assertEquals(List.of(0.0), Plot.ticks(0));
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5), Plot.ticks(1.5));
    }

    @Test
    void withManySeedsAndNoRateWhereAllTrainedTheFindingSaysSoRatherThanNothingTrained() {
        SweepSpec spec = Trials.spec(List.of(0.1, 1.0), Param.SEED, List.of(0, 1, 2, 3));
        List<TrialResult> rs = new ArrayList<>();
        for (int seed = 0; seed < 4; seed++) {
            rs.add(result(0.1, seed == 0 ? DIVERGED : CONVERGED, seed == 0 ? null : 0.3, Param.SEED, seed));
            rs.add(result(1.0, seed < 3 ? DIVERGED : CONVERGED, seed < 3 ? null : 0.3, Param.SEED, seed));
        }
        String text = FrontierAnalysis.of(spec, rs).findings().get(0).text();
        assertEquals("No learning rate trained with every seed: 4 of 8 trials converged, but at every rate tried at "
                + "least one seed did not (at best 3 of 4 seeds, at 0.1). A stable rate needs every seed; try lower "
                + "learning rates or more steps.", text);
    }
}
