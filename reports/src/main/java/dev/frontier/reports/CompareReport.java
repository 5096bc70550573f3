package dev.frontier.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code frontier compare}: one self-contained page that sets two runs' frontiers side by side: what changed between
 * their specs, the comparison in words, both frontiers on one log learning-rate axis, and the table.
 */
public final class CompareReport {
    private static final int ROW = 26;
    static final String BEFORE = "#0072B2";
    static final String AFTER = "#D55E00";

    private CompareReport() {
    }

    public static String render(FrontierComparison c) {
        StringBuilder h = new StringBuilder(32 * 1024);
        String title = "Frontier: " + c.before() + " vs " + c.after();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\"><title>").append(Html.escape(title)).append("</title><style>")
                .append(HtmlReport.CSS).append("</style></head><body><header><h1>").append(Html.escape(title))
                .append("</h1></header>");
        h.append("<section id=\"changes\"><h2>What changed</h2><ul>");
        if (c.changes().isEmpty()) h.append("<li>The two specs set the same values.</li>");
        for (String change : c.changes()) h.append("<li><code>").append(Html.escape(change)).append("</code></li>");
        h.append("</ul></section><section id=\"summary\"><h2>What moved</h2><ul class=\"findings\">");
        for (String finding : c.findings()) h.append("<li>").append(Html.escape(finding)).append("</li>");
        h.append("</ul></section><section id=\"chart\"><h2>Both frontiers</h2><p class=\"help\">")
                .append("<span style=\"color:").append(BEFORE).append("\">━</span> ").append(Html.escape(c.before()))
                .append(" &nbsp; <span style=\"color:").append(AFTER).append("\">━</span> ")
                .append(Html.escape(c.after())).append(": the stable band up to the max stable learning rate, ")
                .append("a ring at the best one, ▸ stable up to the top of the grid.</p>").append(chart(c))
                .append("</section>");
        h.append("<section id=\"table\"><h2>Per configuration</h2><table><thead><tr><th>configuration</th>")
                .append("<th>best LR, ").append(Html.escape(c.before())).append("</th><th>max stable LR, ")
                .append(Html.escape(c.before())).append("</th><th>best LR, ").append(Html.escape(c.after()))
                .append("</th><th>max stable LR, ").append(Html.escape(c.after())).append("</th>")
                .append("<th>ratio</th></tr></thead><tbody>");
        for (FrontierComparison.Row r : c.rows()) {
            h.append("<tr><td>").append(Html.escape(r.label())).append("</td>");
            cells(h, r.before());
            cells(h, r.after());
            h.append("<td class=\"num\">").append(r.bothAtGridEdge() ? "both ≥ top" : Format.ratio(r.ratio()))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section></body></html>\n");
        return h.toString();
    }

    private static void cells(StringBuilder h, ConfigurationFrontier c) {
        if (c == null) {
            h.append("<td>not in this run</td><td></td>");
            return;
        }
        h.append("<td class=\"num\">").append(Format.number(c.bestLearningRate())).append("</td><td class=\"num\">")
                .append(c.maxStableLearningRate() == null ? "none" : Html.escape(Findings.maxStable(c))).append("</td>");
    }

    private static String chart(FrontierComparison c) {
        List<Double> lrs = new ArrayList<>();
        for (FrontierComparison.Row r : c.rows()) {
            for (ConfigurationFrontier f : new ConfigurationFrontier[]{r.before(), r.after()}) {
                if (f != null) f.points().forEach(p -> lrs.add(p.learningRate()));
            }
        }
        LrRows frame = LrRows.of(lrs, c.rows().stream().map(FrontierComparison.Row::label).toList(), ROW);
        if (frame == null) return "";
        StringBuilder s = frame.open("chart");
        for (int i = 0; i < c.rows().size(); i++) {
            FrontierComparison.Row r = c.rows().get(i);
            int y = frame.y(i);
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    frame.left - 8, y + ROW / 2 + 4, Html.escape(r.label())));
            bar(s, r.before(), frame, y + 8, BEFORE);
            bar(s, r.after(), frame, y + 17, AFTER);
        }
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, ConfigurationFrontier c, LrRows frame, int y, String color) {
        if (c == null || c.maxStableLearningRate() == null) return;
        double x0 = frame.x(c.stableBand().get(0));
        double x1 = frame.x(c.maxStableLearningRate());
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"5\" stroke-linecap=\"round\"><title>%s</title></line>", x0, Math.max(x1, x0 + 1), y,
                y, color, Html.escape("max stable " + Findings.maxStable(c))));
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3.5\" fill=\"#fff\" stroke=\"%s\" "
                + "stroke-width=\"1.5\"/>", frame.x(c.bestLearningRate()), y, color));
        if (c.maxStableIsGridEdge()) {
            s.append(String.format(Locale.ROOT, "<text class=\"edge\" x=\"%.1f\" y=\"%d\">▸</text>", x1 + 3, y + 4));
        }
    }
}
