package dev.frontier.reports;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no network requests) that draws a
 * {@link Frontier}: the answer in words first, then the frontier chart, a phase diagram per configuration group, the
 * tables of frontiers and gains, the loss curves around each frontier, and the run's provenance.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(SweepSpec spec, Frontier f, List<TrialResult> results, RunInfo info) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Frontier: " + spec.name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (info.running()) h.append("<meta http-equiv=\"refresh\" content=\"5\">");
        h.append("<title>").append(Html.escape(title)).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append(PATTERNS);
        h.append("<header><h1>").append(Html.escape(title)).append("</h1>");
        Frontier.Counts n = f.counts();
        if (info.running()) {
            h.append("<p class=\"banner\">running: ").append(n.finished()).append("/").append(n.planned())
                    .append(" trials finished; this page refreshes itself</p>");
        }
        h.append("<p class=\"meta\">").append(n.finished()).append(" of ").append(n.planned()).append(" trials: ")
                .append(n.converged()).append(" converged, ").append(n.stalled()).append(" stalled, ")
                .append(n.diverged()).append(" diverged, ").append(n.failed()).append(" failed · ")
                .append(Format.duration(n.trialSeconds())).append(" of training").append("</p></header>");

        h.append("<section id=\"summary\"><h2>What the sweep found</h2><ul class=\"findings\">");
        for (Finding finding : Findings.of(f)) {
            h.append("<li>").append(Html.escape(finding.text()));
            if (!finding.evidence().isEmpty()) {
                h.append(" <a href=\"").append(Html.escape(finding.evidence())).append("\">evidence</a>");
            }
            h.append("</li>");
        }
        h.append("</ul></section>");

        h.append("<section id=\"chart\"><h2>Frontier per configuration</h2>");
        h.append("<p class=\"help\">Bar: the stable band (every seed converged) up to the max stable learning rate; ")
                .append("dot: the best learning rate (lowest final loss); ✕: the first unstable one; ▸: stable up to ")
                .append("the top of the grid, so the true frontier may lie higher.</p>");
        h.append(FrontierChart.svg(f)).append("</section>");

        h.append("<section id=\"phase\"><h2>Phase diagrams</h2>").append(LEGEND);
        double[] range = lossRange(f);
        for (Map.Entry<String, List<ConfigurationFrontier>> panel : PhaseDiagram.panels(f).entrySet()) {
            h.append("<figure class=\"panel\"><figcaption>").append(Html.escape(panel.getKey()))
                    .append("</figcaption>").append(PhaseDiagram.svg(f, panel.getValue(), range[0], range[1]))
                    .append("</figure>");
        }
        h.append("</section>");

        h.append("<section id=\"configurations\"><h2>Frontier table</h2><table><thead><tr>")
                .append("<th>configuration</th><th>best LR</th><th>max stable LR</th><th>first unstable LR</th>")
                .append("<th>LR sensitivity</th><th>best loss</th><th>accuracy at best</th><th>trials</th>")
                .append("<th>notes</th></tr></thead><tbody>");
        for (int i = 0; i < f.configurations().size(); i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            LrPoint best = c.point(c.bestLearningRate());
            h.append("<tr id=\"config-").append(i).append("\"><td>").append(Html.escape(c.label())).append("</td><td>")
                    .append(Format.number(c.bestLearningRate())).append("</td><td>")
                    .append(c.maxStableLearningRate() == null ? "none" : Html.escape(Findings.maxStable(c)))
                    .append("</td><td>").append(Format.number(c.firstUnstableLearningRate())).append("</td><td>")
                    .append(Format.number(c.lrSensitivity())).append("</td><td>").append(Format.number(c.bestLoss()))
                    .append("</td><td>").append(Format.percent(best == null ? null : best.medianAccuracy()))
                    .append("</td><td>").append(c.trials()).append("</td><td>");
            if (!c.mixedSeedLearningRates().isEmpty()) {
                h.append("seeds disagree at ").append(Html.escape(String.join(", ",
                        c.mixedSeedLearningRates().stream().map(Format::number).toList())));
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></section>");

        h.append("<section id=\"gains\"><h2>Gains against each axis's baseline</h2>");
        h.append("<p class=\"help\">Each row compares one value of a swept parameter with the parameter's first ")
                .append("listed value, every other parameter fixed; ratios are medians over those settings.</p>");
        h.append("<table><thead><tr><th>parameter</th><th>value</th><th>baseline</th><th>max stable LR ratio</th>")
                .append("<th>range</th><th>best LR ratio</th><th>LR sensitivity change</th>")
                .append("<th>best loss change</th><th>settings</th></tr></thead><tbody>");
        for (Gain g : f.gains()) {
            h.append("<tr id=\"").append(Findings.gainAnchor(g)).append("\"><td>").append(Html.escape(g.axis()))
                    .append("</td><td>").append(Html.escape(g.value())).append("</td><td>")
                    .append(Html.escape(g.baseline())).append("</td><td>").append(Format.ratio(g.medianMaxStableRatio()))
                    .append("</td><td>").append(Format.ratio(g.minMaxStableRatio())).append(" – ")
                    .append(Format.ratio(g.maxMaxStableRatio())).append("</td><td>")
                    .append(Format.ratio(g.medianBestRatio())).append("</td><td>")
                    .append(signed(g.medianSensitivityChange())).append("</td><td>")
                    .append(signed(g.medianBestLossChange())).append("</td><td>").append(g.comparisons().size())
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section>");

        h.append("<section id=\"curves\"><h2>Loss curves around each frontier</h2>");
        h.append("<p class=\"help\">Training loss (log scale) at the best learning rate (blue), the max stable one ")
                .append("(green) and the first unstable one (vermillion), every seed; ✕ marks divergence.</p>");
        Map<Map<String, Object>, List<TrialResult>> byConfiguration = group(f, results);
        for (int i = 0; i < f.configurations().size(); i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            List<Double> lrs = LossCurves.chosen(c);
            h.append("<figure class=\"panel\"><figcaption>").append(Html.escape(c.label())).append("<br><small>");
            for (int k = 0; k < lrs.size(); k++) {
                h.append("<span style=\"color:").append(LossCurves.COLORS[k % LossCurves.COLORS.length])
                        .append("\">■</span> ").append(Format.number(lrs.get(k))).append(" ");
            }
            h.append("</small></figcaption>")
                    .append(LossCurves.svg(c, byConfiguration.getOrDefault(c.configuration(), List.of())))
                    .append("</figure>");
        }
        h.append("</section>");

        List<TrialResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            h.append("<section id=\"failed\"><h2>Failed trials</h2><table><thead><tr><th>trial</th><th>config</th>")
                    .append("<th>error</th></tr></thead><tbody>");
            for (TrialResult r : failed.subList(0, Math.min(200, failed.size()))) {
                h.append("<tr><td>").append(r.trialId()).append("</td><td>")
                        .append(Html.escape(FrontierAnalysis.label(configurationOf(f, r)))).append(" lr=")
                        .append(Format.number(r.config().learningRate())).append(" seed=").append(r.config().seed())
                        .append("</td><td>").append(Html.escape(Objects.toString(r.message(), ""))).append("</td></tr>");
            }
            h.append("</tbody></table></section>");
        }

        h.append("<section id=\"provenance\"><h2>Provenance</h2><dl>");
        Provenance p = results.isEmpty() ? null : results.get(0).provenance();
        item(h, "master", info.master());
        item(h, "started", info.startedAt());
        item(h, "report written", info.updatedAt());
        item(h, "training time, summed over trials", Format.duration(n.trialSeconds()));
        if (p != null) {
            item(h, "versions", "Frontier " + p.frontierVersion() + ", ND4J " + p.nd4jVersion() + ", Spark "
                    + p.sparkVersion() + ", Java " + p.javaVersion());
            item(h, "executors", String.join(", ", results.stream().map(r -> r.provenance().host()
                    + (r.provenance().executorId() == null ? "" : " #" + r.provenance().executorId()))
                    .distinct().sorted().toList()));
        }
        h.append("</dl>");
        if (spec.source() != null) {
            h.append("<details open><summary>spec as run</summary><pre>").append(Html.escape(spec.source()))
                    .append("</pre></details>");
        }
        h.append("</section></body></html>\n");
        return h.toString();
    }

    private static void item(StringBuilder h, String term, String value) {
        if (value == null) return;
        h.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    private static String signed(Double v) {
        if (v == null) return "–";
        return (v > 0 ? "+" : "") + Format.number(v);
    }

    private static double[] lossRange(Frontier f) {
        List<Double> losses = new ArrayList<>();
        f.configurations().forEach(c -> c.points().forEach(p -> {
            if (p.stable() && p.medianFinalLoss() != null) losses.add(p.medianFinalLoss());
        }));
        Double lo = Stats.min(losses);
        Double hi = Stats.max(losses);
        return new double[]{lo == null ? 1 : lo, hi == null ? 1 : hi};
    }

    private static Map<String, Object> configurationOf(Frontier f, TrialResult r) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String name : f.configurationParameters()) key.put(name, r.config().values().get(name));
        return key;
    }

    private static Map<Map<String, Object>, List<TrialResult>> group(Frontier f, List<TrialResult> results) {
        Map<Map<String, Object>, List<TrialResult>> groups = new LinkedHashMap<>();
        for (TrialResult r : results) groups.computeIfAbsent(configurationOf(f, r), k -> new ArrayList<>()).add(r);
        return groups;
    }

    private static final String PATTERNS = "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
            + "<defs><pattern id=\"mixed\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#6baed6\"/>"
            + "<rect width=\"4\" height=\"8\" fill=\"" + Palette.DIVERGED + "\"/></pattern></defs></svg>";

    private static final String LEGEND = "<p class=\"legend\">"
            + "<span class=\"swatch\" style=\"background:#08306b\"></span>converged, low loss "
            + "<span class=\"swatch\" style=\"background:#c6dbef\"></span>converged, high loss "
            + "<span class=\"swatch mixed\"></span>seeds disagree "
            + "<span class=\"swatch\" style=\"background:" + Palette.STALLED + "\"></span>stalled "
            + "<span class=\"swatch\" style=\"background:" + Palette.DIVERGED + "\"></span>diverged "
            + "<span class=\"swatch\" style=\"background:" + Palette.FAILED + "\"></span>failed "
            + "<span class=\"swatch\" style=\"background:" + Palette.MISSING + "\"></span>not run · "
            + "<b>|</b> frontier (max stable LR) · ◯ best LR · hover a cell for its trials</p>";

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;\
            padding:0 16px;color:#1a1a1a;background:#fff}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
            .meta,.help{color:#555}.banner{background:#fff3cd;border:1px solid #e6c200;padding:6px 10px;display:inline-block}
            .findings li{margin:4px 0}.findings a{font-size:12px}
            table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e5e5e5;padding:4px 8px;text-align:left}
            th{background:#f7f7f7}tr:target{background:#fff3cd}
            figure.panel{display:inline-block;margin:8px 16px 8px 0;vertical-align:top}
            figcaption{font-weight:600;font-size:13px;margin-bottom:2px}
            svg text{font-size:11px;fill:#333}svg .axis{font-size:11px;fill:#555}
            .cell{stroke:#fff;stroke-width:1}.missing{stroke:#bbb;stroke-dasharray:2 2}
            .frontier{stroke:#000;stroke-width:3}.best{fill:none;stroke:#fff;stroke-width:2.5}
            .edge{font-size:13px;fill:#000}.band{stroke:#0072B2;stroke-width:6;stroke-linecap:round}
            .bestdot{fill:#fff;stroke:#000;stroke-width:1.5}.unstable{fill:#D55E00;font-size:13px}.none{fill:#888}
            .grid{stroke:#e3e3e3}.plot{fill:none;stroke:#ccc}.diverged{font-size:12px}
            .legend{font-size:12px;color:#333}.swatch{display:inline-block;width:14px;height:12px;margin:0 4px 0 10px;\
            vertical-align:middle;border:1px solid #ccc}
            .swatch.mixed{background:repeating-linear-gradient(45deg,#D55E00 0 3px,#6baed6 3px 6px)}
            pre{background:#f7f7f7;padding:10px;overflow:auto;font-size:12px}dt{font-weight:600}dd{margin:0 0 6px 0}
            @media print{.banner{display:none}body{margin:0}}
            """;
}
