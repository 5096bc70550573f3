package dev.frontier.reports;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Every configuration's frontier on one log learning-rate axis: a bar over its stable band ending at its max stable
 * learning rate, a dot at its best, a cross at the first unstable one, so the tricks compare side by side; with several
 * seeds, a small diamond at each seed's own max stable learning rate shows how much the edge moves with the seed.
 */
final class FrontierChart {
    private static final int PLOT = 480;
    private static final int ROW = 20;
    private static final int TOP = 10;
    private static final int BOTTOM = 34;

    private FrontierChart() {
    }

    static String svg(Frontier f) {
        TreeSet<Double> lrs = new TreeSet<>();
        f.configurations().forEach(c -> c.points().forEach(p -> lrs.add(p.learningRate())));
        if (lrs.isEmpty()) return "";
        double lo = Math.log10(lrs.first());
        double hi = Math.log10(lrs.last());
        if (hi - lo < 1) {
            lo -= 0.5;
            hi += 0.5;
        }
        int n = f.configurations().size();
        int left = Math.min(560, 16 + (int) Math.ceil(6.4 * f.configurations().stream()
                .mapToInt(c -> c.label().length()).max().orElse(10)));
        int height = TOP + n * ROW + BOTTOM;
        int width = left + PLOT + 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", width, height, width, height));
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
            double x = x(left, e, lo, hi);
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, x, TOP,
                    TOP + n * ROW, x, TOP + n * ROW + 14, Format.number(Math.pow(10, e))));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">learning rate (log scale) →</text>",
                left, height - 4));
        for (int i = 0; i < n; i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            int y = TOP + i * ROW + ROW / 2;
            s.append(String.format(Locale.ROOT, "<a href=\"#config-%d\"><text class=\"tick\" x=\"%d\" y=\"%d\" "
                    + "text-anchor=\"end\">%s</text></a>", i, left - 8, y + 4, Html.escape(c.label())));
            if (c.maxStableLearningRate() != null) {
                double x0 = x(left, Math.log10(c.stableBand().get(0)), lo, hi);
                double x1 = x(left, Math.log10(c.maxStableLearningRate()), lo, hi);
                s.append(String.format(Locale.ROOT, "<line class=\"band\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\">"
                        + "<title>%s</title></line>", x0, Math.max(x1, x0 + 1), y, y, Html.escape("stable from "
                        + Format.number(c.stableBand().get(0)) + " to " + Findings.maxStable(c))));
                s.append(String.format(Locale.ROOT, "<circle class=\"bestdot\" cx=\"%.1f\" cy=\"%d\" r=\"5\">"
                        + "<title>best %s</title></circle>", x(left, Math.log10(c.bestLearningRate()), lo, hi), y,
                        Format.number(c.bestLearningRate())));
                if (c.maxStableIsGridEdge()) {
                    s.append(String.format(Locale.ROOT, "<text class=\"edge\" x=\"%.1f\" y=\"%d\">▸</text>", x1 + 3, y + 5));
                }
            } else {
                s.append(String.format(Locale.ROOT, "<text class=\"none\" x=\"%d\" y=\"%d\">no stable learning rate"
                        + "</text>", left + 4, y + 4));
            }
            for (ConfigurationFrontier.SeedFrontier seed : c.seeds()) {
                if (seed.maxStableLearningRate() == null) continue;
                double sx = x(left, Math.log10(seed.maxStableLearningRate()), lo, hi);
                s.append(String.format(Locale.ROOT, "<rect class=\"seed\" x=\"%.1f\" y=\"%d\" width=\"5\" height=\"5\" "
                        + "transform=\"rotate(45 %.1f %d)\"><title>seed %d: max stable %s</title></rect>", sx - 2.5,
                        y - 10, sx, y - 8, seed.seed(), Html.escape((seed.maxStableIsGridEdge() ? "≥ " : "")
                        + Format.number(seed.maxStableLearningRate()))));
            }
            if (c.firstUnstableLearningRate() != null) {
                s.append(String.format(Locale.ROOT, "<text class=\"unstable\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
                        + "✕<title>first unstable %s</title></text>", x(left, Math.log10(c.firstUnstableLearningRate()), lo, hi),
                        y + 5, Format.number(c.firstUnstableLearningRate())));
            }
        }
        s.append("</svg>");
        return s.toString();
    }

    private static double x(int left, double logLr, double lo, double hi) {
        return left + PLOT * (logLr - lo) / (hi - lo);
    }
}
