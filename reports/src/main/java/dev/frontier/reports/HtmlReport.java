package dev.frontier.reports;

import dev.frontier.sweeps.Sha256;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.Base64;
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
        return render(spec, f, results, info, null);
    }

    public static String render(SweepSpec spec, Frontier f, List<TrialResult> results, RunInfo info, String rows) {
        return render(spec, f, results, info, rows, Curves.CARRIED);
    }

    /**
     * The report; {@code rows} names the swept parameter drawn as the phase diagrams' rows (null: warm-up when swept,
     * else the first swept parameter other than the optimizer and the normalization); {@code curves} finds the loss
     * curves of the few trials drawn.
     */
    public static String render(SweepSpec spec, Frontier f, List<TrialResult> results, RunInfo info, String rows,
                                Curves curves) {
        return render(ReportModel.of(spec, f, results, rows, curves, info.startedAt()), info);
    }

    /** The report of {@code m}: formatting only, every number comes from the model. */
    public static String render(ReportModel m, RunInfo info) {
        SweepSpec spec = m.spec();
        Frontier f = m.frontier();
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Frontier: " + spec.name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(POLICY).append("\">");
        if (info.running()) h.append("<meta http-equiv=\"refresh\" content=\"5\">");
        h.append("<title>").append(Html.escape(title)).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append(PATTERNS);
        h.append("<header><h1>").append(Html.escape(title)).append("</h1>");
        Frontier.Counts n = f.counts();
        if (info.running()) {
            h.append("<p class=\"banner\" id=\"running\">running: ").append(n.progress())
                    .append(" trials finished; this page refreshes itself every 5 s</p>");
        }
        h.append("<p class=\"meta\">").append(n.progress()).append(" trials: ")
                .append(n.converged()).append(" converged, ").append(n.stalled()).append(" stalled, ")
                .append(n.diverged()).append(" diverged, ").append(n.failed()).append(" failed · ")
                .append(Format.duration(n.trialSeconds())).append(" of training");
        if (info.updatedAt() != null) h.append(" · written ").append(Html.escape(info.updatedAt()));
        h.append("</p><nav><a href=\"#summary\">findings</a> · <a href=\"#chart\">frontier</a> · ")
                .append(SharpnessChart.drawn(f).isEmpty() ? "" : "<a href=\"#sharpness\">sharpness</a> · ")
                .append("<a href=\"#phase\">phase diagrams</a> · <a href=\"#sensitivity\">LR sensitivity</a> · ")
                .append("<a href=\"#configurations\">table</a> · <a href=\"#gains\">gains</a> · ")
                .append("<a href=\"#curves\">loss curves</a> · <a href=\"#provenance\">provenance</a></nav></header>");

        summary(h, f);

        h.append("<section id=\"chart\"><h2>Frontier per configuration</h2>");
        h.append("<p class=\"help\">Bar: the stable band (every seed converged) up to the max stable learning rate; ")
                .append("dot: the best learning rate (lowest final loss); ✕: the first unstable one; ▸: stable up to ")
                .append("the top of the grid, so the true frontier may lie higher; ◆: each seed's own max stable ")
                .append("learning rate")
                .append(f.configurations().stream().anyMatch(c -> c.predictedCriticalLearningRate() != null)
                        ? "; dashed tick: the critical learning rate the sharpness at initialization predicts" : "")
                .append(".</p>");
        h.append(FrontierChart.svg(f)).append("</section>");
        sharpness(h, f);

        String rowAxis = m.rowAxis();
        Map<String, List<ConfigurationFrontier>> panels = m.panels();
        h.append("<section id=\"phase\"><h2>Phase diagrams</h2>");
        h.append("<p class=\"help\">One panel per ").append(Html.escape(panelAxes(f, rowAxis)))
                .append("; rows: ").append(Html.escape(rowAxis == null ? "none" : rowAxis))
                .append(" (<code>--rows</code> picks another swept parameter); columns: the learning rates tried.</p>");
        h.append(LEGEND);
        for (Map.Entry<String, List<ConfigurationFrontier>> panel : panels.entrySet()) {
            h.append("<figure class=\"panel phase-panel\"><figcaption>").append(Html.escape(panel.getKey()))
                    .append("</figcaption>").append(PhaseDiagram.svg(panel.getValue(), rowAxis, m.lossLow(), m.lossHigh()))
                    .append("</figure>");
        }
        h.append("</section>");

        h.append("<section id=\"sensitivity\"><h2>LR sensitivity: final loss, and seeds that trained, against learning rate</h2>");
        h.append("<p class=\"help\">Per learning rate, the median over seeds of min(final loss, initial loss); a ")
                .append("diverged trial counts as its initial loss (✕), a stalled one is ■. A flat, wide valley is ")
                .append("a forgiving configuration; the LR sensitivity in the table is the curve's mean height above ")
                .append("its floor (Wortsman et al. 2023). Below each, the fraction of seeds that trained: the max ")
                .append("stable learning rate is the last where it is 1 walking up from the best.</p>");
        for (Map.Entry<String, List<ConfigurationFrontier>> panel : panels.entrySet()) {
            h.append("<figure class=\"panel\"><figcaption>").append(Html.escape(panel.getKey())).append("<br><small>");
            List<ConfigurationFrontier> lines = panel.getValue();
            for (int k = 0; k < lines.size(); k++) {
                h.append("<span style=\"color:").append(SensitivityCurves.COLORS[k % SensitivityCurves.COLORS.length])
                        .append("\">━</span> ").append(Html.escape(PhaseDiagram.rowLabel(rowAxis, lines.get(k))))
                        .append(" ");
            }
            h.append("</small></figcaption>").append(SensitivityCurves.svg(lines)).append("<br>")
                    .append(SensitivityCurves.trained(lines)).append("</figure>");
        }
        h.append("</section>");

        configurationTable(h, f);
        gainsTable(h, f);
        curves(h, f, m.drawn());

        if (m.failedCount() > 0) {
            h.append("<section id=\"failed\"><h2>Failed trials</h2>");
            if (m.failedCount() > m.failed().size()) {
                h.append("<p class=\"help\">The first ").append(m.failed().size()).append(" of ")
                        .append(m.failedCount()).append("; trials.csv lists them all.</p>");
            }
            h.append("<table><thead><tr><th>trial</th><th>config</th><th>error</th></tr></thead><tbody>");
            for (TrialResult r : m.failed()) {
                h.append("<tr><td>").append(r.trialId()).append("</td><td>")
                        .append(Html.escape(FrontierAnalysis.label(ReportModel.configurationOf(f, r)))).append(" lr=")
                        .append(Format.number(r.config().learningRate())).append(" seed=").append(r.config().seed())
                        .append("</td><td>").append(Html.escape(Objects.toString(r.message(), ""))).append("</td></tr>");
            }
            h.append("</tbody></table></section>");
        }

        provenance(h, m, info);
        h.append("<script>").append(SCRIPT).append("</script></body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, Frontier f) {
        h.append("<section id=\"summary\"><h2>What the sweep found</h2><ul class=\"findings\">");
        for (Finding finding : f.findings()) {
            h.append("<li>").append(Html.escape(finding.text()));
            if (!finding.evidence().isEmpty()) {
                h.append(" <a class=\"evidence\" href=\"").append(Html.escape(finding.evidence()))
                        .append("\">evidence</a>");
            }
            h.append("</li>");
        }
        h.append("</ul></section>");
    }

    private static String panelAxes(Frontier f, String rowAxis) {
        List<String> names = f.configurationParameters().stream().filter(n -> !n.equals(rowAxis)).toList();
        return names.isEmpty() ? "sweep" : String.join(" × ", names);
    }

    /** The sharpness through training, when it was probed at two steps or more. */
    private static void sharpness(StringBuilder h, Frontier f) {
        List<ConfigurationFrontier> lines = SharpnessChart.drawn(f);
        if (lines.isEmpty()) return;
        h.append("<section id=\"sharpness\"><h2>Sharpness through training</h2>");
        h.append("<p class=\"help\">At each configuration's max stable learning rate, the learning rate in effect ")
                .append("at a probed step times the sharpness there, over the edge of stability: 2/λ for sgd, 3.8/λ ")
                .append("for momentum, 38/λ_pre for adam (its Hessian preconditioned by its second moments), median ")
                .append("over the seeds. On a quadratic a step above 1 diverges; a network that trains there lowers ")
                .append("its sharpness (Adam: raises its second moments) until it is back at 1, the edge of ")
                .append("stability (Cohen et al. 2021, 2022). Through warm-up the rate is its warmed-up share; a ")
                .append("dotted line marks where warm-up ends.</p><figure class=\"panel\"><figcaption><small>");
        for (int k = 0; k < lines.size(); k++) {
            h.append("<span style=\"color:").append(SensitivityCurves.COLORS[k % SensitivityCurves.COLORS.length])
                    .append("\">━</span> ").append(Html.escape(lines.get(k).label())).append(" ");
        }
        h.append("</small></figcaption>").append(SharpnessChart.svg(lines)).append("</figure></section>");
    }

    private static void configurationTable(StringBuilder h, Frontier f) {
        boolean predicted = f.configurations().stream().anyMatch(c -> c.sharpnessAtInit() != null);
        boolean preconditioned = f.configurations().stream().anyMatch(ConfigurationFrontier::preconditioned);
        h.append("<section id=\"configurations\"><h2>Frontier table</h2>")
                .append("<p class=\"help\">Click a column to sort.</p><div class=\"wide\"><table class=\"sortable\">")
                .append("<thead><tr>")
                .append("<th>configuration</th><th>best LR</th><th>max stable LR</th><th>first unstable LR</th>")
                .append("<th title=\"how far apart the max stable and first unstable rates are\">bracket (decades)")
                .append("</th><th title=\"how far apart the seeds' own max stable rates are\">seed spread (decades)")
                .append("</th><th title=\"walking up from the best, where fewer than half the seeds train\">half ")
                .append("the seeds stop at</th><th title=\"best LR / max stable LR\">Smith's ratio</th>")
                .append("<th>LR sensitivity</th><th>best loss</th><th>accuracy at best</th><th>trials</th>")
                .append(predicted ? "<th title=\"the top eigenvalue of the training loss's Hessian at "
                        + "initialization\">sharpness at init λ</th>" : "")
                .append(preconditioned ? "<th title=\"Adam's: the top eigenvalue of D⁻¹H at initialization, D "
                        + "from the gradients' second moments there\">preconditioned sharpness at init λ_pre</th>"
                        : "")
                .append(predicted ? "<th title=\"2/λ for sgd, 3.8/λ for momentum and nesterov, 38/λ_pre for adam: "
                        + "the critical learning rate on a quadratic\">predicted critical LR</th><th title=\"predicted "
                        + "/ observed max stable\">predicted / observed</th>" : "")
                .append("<th>notes</th></tr></thead><tbody>");
        for (int i = 0; i < f.configurations().size(); i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            LrPoint best = c.point(c.bestLearningRate());
            h.append("<tr id=\"config-").append(i).append("\"><td>").append(Html.escape(c.label())).append("</td>");
            number(h, c.bestLearningRate(), Format.number(c.bestLearningRate()));
            number(h, c.maxStableLearningRate(), c.maxStableLearningRate() == null ? "none" : Findings.maxStable(c));
            number(h, c.firstUnstableLearningRate(), Format.number(c.firstUnstableLearningRate()));
            number(h, c.bracketDecades(), Format.decades(c.bracketDecades()));
            number(h, c.seedSpreadDecades(), Format.decades(c.seedSpreadDecades()));
            number(h, c.halfStopLearningRate(), Format.number(c.halfStopLearningRate()));
            number(h, c.smithRatio(), Format.ratio(c.smithRatio()));
            number(h, c.lrSensitivity(), Format.number(c.lrSensitivity()));
            number(h, c.bestLoss(), Format.number(c.bestLoss()));
            Double accuracy = best == null ? null : best.medianAccuracy();
            number(h, accuracy, Format.percent(accuracy));
            number(h, (double) c.trials(), Integer.toString(c.trials()));
            if (predicted) {
                number(h, c.sharpnessAtInit(), Format.number(c.sharpnessAtInit()));
                if (preconditioned) {
                    number(h, c.preconditionedSharpnessAtInit(), Format.number(c.preconditionedSharpnessAtInit()));
                }
                number(h, c.predictedCriticalLearningRate(), Format.number(c.predictedCriticalLearningRate()));
                number(h, c.predictedOverObserved(), Format.ratio(c.predictedOverObserved()));
            }
            h.append("<td class=\"notes\">");
            if (c.sharpnessTrajectory().size() > 1) {
                List<String> steps = new ArrayList<>();
                c.sharpnessTrajectory().forEach((step, l) -> steps.add("step " + step + ": " + Format.number(l)));
                List<String> edges = new ArrayList<>();
                c.edgeTrajectory().forEach((step, r) -> edges.add(Format.number(r)));
                h.append(c.preconditioned() || c.sharpnessAtInit() == null ? "preconditioned sharpness" : "sharpness")
                        .append(" at the max stable LR, ").append(Html.escape(String.join(" → ", steps)))
                        .append("; over the edge of stability (1 = the edge), ")
                        .append(Html.escape(String.join(" → ", edges))).append(". ");
            }
            if (c.catapults() > 0) {
                h.append(c.catapults()).append(c.catapults() == 1 ? " catapult" : " catapults")
                        .append(" (trained after the loss rose to at least twice its start). ");
            }
            List<Double> mixed = c.mixedSeedLearningRates();
            if (c.nonMonotone()) {
                h.append("stable again above the first unstable rate: the frontier is the first failure going up "
                        + "from the best. ");
            }
            if (!mixed.isEmpty()) {
                // a fine grid can disagree at hundreds of rates: name a few, count the rest
                List<String> named = mixed.stream().limit(MIXED_NAMED).map(Format::number).toList();
                h.append("seeds disagree at ").append(Html.escape(String.join(", ", named)));
                if (mixed.size() > MIXED_NAMED) {
                    h.append(" and ").append(mixed.size() - MIXED_NAMED).append(" more learning rates up to ")
                            .append(Html.escape(Format.number(mixed.stream().max(Double::compare).orElseThrow())));
                }
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></div></section>");
    }

    /** Learning rates named in a configuration's "seeds disagree" note; the rest are counted. */
    static final int MIXED_NAMED = 8;

    private static void gainsTable(StringBuilder h, Frontier f) {
        h.append("<section id=\"gains\"><h2>Gains against each axis's baseline</h2>");
        h.append("<p class=\"help\">Each row compares one value of a swept parameter with the parameter's first ")
                .append("listed value, every other parameter fixed; ratios are medians over those settings ")
                .append("(ratio &gt; 1: the value allows a higher learning rate). Changes are value minus baseline: ")
                .append("a negative LR sensitivity change means more forgiving. Click a column to sort.</p>");
        h.append("<table class=\"sortable\"><thead><tr><th>parameter</th><th>value</th><th>baseline</th>")
                .append("<th>max stable LR ratio</th><th>range</th><th>best LR ratio</th>")
                .append("<th>LR sensitivity change</th><th>best loss change</th><th>settings</th></tr></thead><tbody>");
        for (Gain g : f.gains()) {
            h.append("<tr id=\"").append(Findings.gainAnchor(g)).append("\"><td>").append(Html.escape(g.axis()))
                    .append("</td><td>").append(Html.escape(g.value())).append("</td><td>")
                    .append(Html.escape(g.baseline())).append("</td>");
            number(h, g.medianMaxStableRatio(), Format.ratio(g.medianMaxStableRatio()));
            h.append("<td>").append(Format.ratio(g.minMaxStableRatio())).append(" – ")
                    .append(Format.ratio(g.maxMaxStableRatio())).append("</td>");
            number(h, g.medianBestRatio(), Format.ratio(g.medianBestRatio()));
            number(h, g.medianSensitivityChange(), signed(g.medianSensitivityChange()));
            number(h, g.medianBestLossChange(), signed(g.medianBestLossChange()));
            number(h, (double) g.comparisons().size(), Integer.toString(g.comparisons().size()));
            h.append("</tr>");
        }
        h.append("</tbody></table></section>");
    }

    /** A numeric cell: shown as {@code text}, sorted by {@code value} (missing values sort last). */
    private static void number(StringBuilder h, Double value, String text) {
        h.append("<td class=\"num\" data-sort=\"").append(value == null ? "" : Double.toString(value)).append("\">")
                .append(Html.escape(text)).append("</td>");
    }

    private static void curves(StringBuilder h, Frontier f, List<List<ReportModel.Drawn>> drawn) {
        h.append("<section id=\"curves\"><h2>Loss curves around the frontier</h2>");
        h.append("<p class=\"help\">Training loss (log scale) of every seed at the best learning rate, the max ")
                .append("stable one and the first unstable one; ✕ marks divergence.</p>");
        if (f.configurations().size() > 1) {
            h.append("<p><label for=\"curve-select\">configuration </label><select id=\"curve-select\">")
                    .append("<option value=\"all\">all configurations</option>");
            for (int i = 0; i < f.configurations().size(); i++) {
                h.append("<option value=\"").append(i).append("\"").append(i == 0 ? " selected" : "").append(">")
                        .append(Html.escape(f.configurations().get(i).label())).append("</option>");
            }
            h.append("</select></p>");
        }
        for (int i = 0; i < f.configurations().size(); i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            List<Double> lrs = LossCurves.chosen(c);
            h.append("<figure class=\"panel curve\" data-config=\"").append(i).append("\"><figcaption>")
                    .append(Html.escape(c.label())).append("<br><small>");
            for (int k = 0; k < lrs.size(); k++) {
                h.append("<span style=\"color:").append(LossCurves.COLORS[k % LossCurves.COLORS.length])
                        .append("\">━</span> ").append(Format.number(lrs.get(k))).append(" ");
            }
            h.append("</small></figcaption>")
                    .append(LossCurves.svg(c, drawn.get(i)))
                    .append("</figure>");
        }
        h.append("</section>");
    }

    private static void provenance(StringBuilder h, ReportModel m, RunInfo info) {
        Frontier.Counts n = m.frontier().counts();
        h.append("<section id=\"provenance\"><h2>Provenance</h2><dl>");
        Provenance p = m.provenance();
        item(h, "master", info.master());
        item(h, "started", info.startedAt());
        item(h, "report written", info.updatedAt());
        item(h, "trials", n.progress() + " finished: " + n.converged() + " converged, "
                + n.stalled() + " stalled, " + n.diverged() + " diverged, " + n.failed() + " failed");
        item(h, "training time, summed over tasks (a pack of trials trained together counts once)",
                Format.duration(n.trialSeconds()));
        if (p != null) {
            item(h, "versions", "Frontier " + p.frontierVersion() + ", ND4J " + p.nd4jVersion() + ", Spark "
                    + p.sparkVersion() + ", Java " + p.javaVersion());
        }
        h.append("</dl>");
        if (!m.executors().isEmpty()) {
            h.append("<table><thead><tr><th>where trials ran</th><th>trials</th><th>training time</th></tr></thead>")
                    .append("<tbody>");
            m.executors().forEach((where, work) -> h.append("<tr><td>").append(Html.escape(where)).append("</td><td>")
                    .append(work.trials()).append("</td><td>").append(Format.duration(work.seconds()))
                    .append("</td></tr>"));
            h.append("</tbody></table>");
        }
        if (!m.spans().isEmpty()) {
            h.append("<h3>Utilisation</h3><p class=\"help\">Each bar is a task (a trial, or a pack of trials ")
                    .append("trained together), from its start to its end, on the ")
                    .append("executor that ran it (one row per task slot); the slots were training ")
                    .append(Format.percent(m.busy())).append(" of the time")
                    .append(info.startedAt() == null ? "" : " (trials of the latest run only)").append(".</p>")
                    .append(Utilisation.svg(m.spans()));
        }
        SweepSpec spec = m.spec();
        if (spec.source() != null) {
            h.append("<details open><summary>spec as run</summary><pre>").append(Html.escape(spec.source()))
                    .append("</pre></details>");
        }
        h.append("</section>");
    }

    private static void item(StringBuilder h, String term, String value) {
        if (value == null) return;
        h.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    private static String signed(Double v) {
        if (v == null) return "–";
        return (v > 0 ? "+" : "") + Format.number(v);
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

    /**
     * The page's only script: sortable tables and the loss-curve picker. Without it (printing, scripts off) every
     * table keeps its order and every configuration's curves are shown.
     */
    private static final String SCRIPT = """
            (function () {
              function key(td) {
                var v = td.getAttribute('data-sort');
                if (v === null) return {missing: false, text: td.textContent.toLowerCase()};
                return v === '' ? {missing: true} : {missing: false, number: parseFloat(v)};
              }
              function compare(a, b) {
                if (a.missing || b.missing) return a.missing === b.missing ? 0 : (a.missing ? 1 : -1);
                if (a.number !== undefined) return a.number - b.number;
                return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                table.querySelectorAll('th').forEach(function (th, column) {
                  th.setAttribute('role', 'button');
                  th.title = 'sort';
                  th.addEventListener('click', function () {
                    var ascending = th.getAttribute('aria-sort') !== 'ascending';
                    table.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
                    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var ka = key(a.cells[column]), kb = key(b.cells[column]);
                      if (ka.missing || kb.missing) return compare(ka, kb);
                      return ascending ? compare(ka, kb) : compare(kb, ka);
                    });
                    rows.forEach(function (row) { body.appendChild(row); });
                  });
                });
              });
              var select = document.getElementById('curve-select');
              if (select) {
                var show = function () {
                  document.querySelectorAll('#curves figure.curve').forEach(function (figure) {
                    figure.hidden = select.value !== 'all' && figure.getAttribute('data-config') !== select.value;
                  });
                };
                select.addEventListener('change', show);
                show();
              }
            })();
            """;

    /**
     * The page may load nothing: no network, no other file; only its own inline styles and this one script (by hash,
     * so no injected script could run even if escaping failed). A browser blocks any other request and says so in its
     * console.
     */
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '"
            + sha256(SCRIPT) + "'";

    private static String sha256(String script) {
        return "sha256-" + Base64.getEncoder().encodeToString(Sha256.of(script));
    }

    static final String CSS = """
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
            .cell{stroke:#fff;stroke-width:1}.cell.thin{stroke:none}.missing{stroke:#bbb;stroke-dasharray:2 2}
            .frontier{stroke:#000;stroke-width:3}.best{fill:none;stroke:#fff;stroke-width:2.5}
            .edge{font-size:13px;fill:#000}.catapult{font-size:11px;font-weight:bold;fill:#000}.predicted{stroke:#CC79A7;stroke-width:2;stroke-dasharray:3 2}.edge-of-stability{stroke:#000;stroke-width:1;stroke-dasharray:4 3}.band{stroke:#0072B2;stroke-width:6;stroke-linecap:round}
            .bestdot{fill:#fff;stroke:#000;stroke-width:1.5}.unstable{fill:#D55E00;font-size:13px}.none{fill:#888}
            .grid{stroke:#e3e3e3}.plot{fill:none;stroke:#ccc}.diverged{font-size:12px}
            .legend{font-size:12px;color:#333}.swatch{display:inline-block;width:14px;height:12px;margin:0 4px 0 10px;\
            vertical-align:middle;border:1px solid #ccc}
            .swatch.mixed{background:repeating-linear-gradient(45deg,#D55E00 0 3px,#6baed6 3px 6px)}
            pre{background:#f7f7f7;padding:10px;overflow:auto;font-size:12px}dt{font-weight:600}dd{margin:0 0 6px 0}
            nav{font-size:13px;margin-top:6px}code{font-size:12px}td.num{text-align:right;font-variant-numeric:tabular-nums}.wide{overflow-x:auto}td.notes{min-width:24em}
            th[role=button]{cursor:pointer}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
            figure.curve[hidden]{display:none}.seed{fill:#CC79A7;stroke:#000;stroke-width:.5}.sensitivity .mark{font-size:12px}
            @media print{.banner,nav,#curves select,#curves label,a.evidence{display:none}body{margin:0;max-width:none}
            figure.curve[hidden]{display:inline-block}figure.panel{break-inside:avoid}h2{break-after:avoid}}
            """;
}
