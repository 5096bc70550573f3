package dev.frontier.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every configuration's frontier on one log learning-rate axis: a bar over its stable band ending at its max stable
 * learning rate, a dot at its best, a cross at the first unstable one, so the tricks compare side by side; with several
 * seeds, a small diamond at each seed's own max stable learning rate shows how much the edge moves with the seed;
 * with the sharpness measured, a dashed tick at the critical learning rate it predicts.
 */
final class FrontierChart {
    private static final int ROW = 20;

    private FrontierChart() {
    }

    static String svg(Frontier f) {
        List<Double> lrs = new ArrayList<>();
        f.configurations().forEach(c -> c.points().forEach(p -> lrs.add(p.learningRate())));
        // the axis reaches the predictions too, wherever they fall
        f.configurations().stream().map(ConfigurationFrontier::predictedCriticalLearningRate)
                .filter(p -> p != null && p > 0).forEach(lrs::add);
        LrRows frame = LrRows.of(lrs, f.configurations().stream().map(ConfigurationFrontier::label).toList(), ROW);
        if (frame == null) return "";
        int left = frame.left;
        int n = f.configurations().size();
        StringBuilder s = frame.open("chart");
        for (int i = 0; i < n; i++) {
            ConfigurationFrontier c = f.configurations().get(i);
            int y = frame.y(i) + ROW / 2;
            s.append(String.format(Locale.ROOT, "<a href=\"#config-%d\"><text class=\"tick\" x=\"%d\" y=\"%d\" "
                    + "text-anchor=\"end\">%s</text></a>", i, left - 8, y + 4, Html.escape(c.label())));
            if (c.maxStableLearningRate() != null) {
                double x0 = frame.x(c.stableBand().get(0));
                double x1 = frame.x(c.maxStableLearningRate());
                s.append(String.format(Locale.ROOT, "<line class=\"band\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\">"
                        + "<title>%s</title></line>", x0, Math.max(x1, x0 + 1), y, y, Html.escape("stable from "
                        + Format.number(c.stableBand().get(0)) + " to " + Findings.maxStable(c))));
                s.append(String.format(Locale.ROOT, "<circle class=\"bestdot\" cx=\"%.1f\" cy=\"%d\" r=\"5\">"
                        + "<title>best %s</title></circle>", frame.x(c.bestLearningRate()), y,
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
                double sx = frame.x(seed.maxStableLearningRate());
                s.append(String.format(Locale.ROOT, "<rect class=\"seed\" x=\"%.1f\" y=\"%d\" width=\"5\" height=\"5\" "
                        + "transform=\"rotate(45 %.1f %d)\"><title>seed %d: max stable %s</title></rect>", sx - 2.5,
                        y - 10, sx, y - 8, seed.seed(), Html.escape((seed.maxStableIsGridEdge() ? "≥ " : "")
                        + Format.number(seed.maxStableLearningRate()))));
            }
            if (c.predictedCriticalLearningRate() != null && c.predictedCriticalLearningRate() > 0) {
                double px = frame.x(c.predictedCriticalLearningRate());
                s.append(String.format(Locale.ROOT, "<line class=\"predicted\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
                        + "y2=\"%d\"><title>%s</title></line>", px, px, y - 8, y + 8, Html.escape("predicted "
                        + "critical learning rate " + Format.number(c.predictedCriticalLearningRate())
                        + (c.preconditioned() ? " (38/λ_pre, from Adam's preconditioned sharpness at initialization, "
                        + Format.number(c.preconditionedSharpnessAtInit()) : " (from the sharpness at initialization, "
                        + Format.number(c.sharpnessAtInit())) + ")")));
            }
            if (c.firstUnstableLearningRate() != null) {
                s.append(String.format(Locale.ROOT, "<text class=\"unstable\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
                        + "✕<title>first unstable %s</title></text>", frame.x(c.firstUnstableLearningRate()),
                        y + 5, Format.number(c.firstUnstableLearningRate())));
            }
        }
        s.append("</svg>");
        return s.toString();
    }
}
