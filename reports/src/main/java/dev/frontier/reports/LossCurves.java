package dev.frontier.reports;

import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A configuration's training-loss curves at the learning rates around its frontier: the best, the max stable and the
 * first unstable one (every seed), on a log loss axis; a cross marks where a curve diverged.
 */
final class LossCurves {
    private static final int W = 300;
    private static final int H = 160;
    private static final int LEFT = 44;
    private static final int RIGHT = 8;
    private static final int TOP = 8;
    private static final int BOTTOM = 26;
    static final String[] COLORS = {Palette.BEST, Palette.EDGE, Palette.UNSTABLE, "#CC79A7", "#56B4E9"};

    private LossCurves() {
    }

    /** The learning rates whose curves are drawn: best, max stable, first unstable; else the two lowest tried. */
    static List<Double> chosen(ConfigurationFrontier c) {
        Set<Double> lrs = new LinkedHashSet<>();
        if (c.bestLearningRate() != null) lrs.add(c.bestLearningRate());
        if (c.maxStableLearningRate() != null) lrs.add(c.maxStableLearningRate());
        if (c.firstUnstableLearningRate() != null) lrs.add(c.firstUnstableLearningRate());
        if (lrs.isEmpty()) c.points().stream().limit(2).forEach(p -> lrs.add(p.learningRate()));
        return new ArrayList<>(lrs);
    }

    /** The curves of {@code drawn}, the trials of {@code c} at its {@link #chosen} learning rates. */
    static String svg(ConfigurationFrontier c, List<ReportModel.Drawn> drawn) {
        List<Double> lrs = chosen(c);
        List<TrialResult> shown = drawn.stream().map(ReportModel.Drawn::trial).toList();
        Map<TrialResult, List<CurvePoint>> curveOf = new IdentityHashMap<>();
        for (ReportModel.Drawn d : drawn) curveOf.put(d.trial(), d.curve());
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int steps = 1;
        for (TrialResult t : shown) {
            steps = Math.max(steps, t.config().steps());
            for (CurvePoint p : curveOf.get(t)) {
                if (p.loss() == null || p.loss() <= 0) continue;
                lo = Math.min(lo, p.loss());
                hi = Math.max(hi, p.loss());
            }
        }
        Plot plot = new Plot("curves", W, H, LEFT, RIGHT, TOP, BOTTOM);
        if (shown.isEmpty() || hi <= 0) return plot.close();
        if (hi / lo < 10) {
            double mid = Math.sqrt(hi * lo);
            lo = Math.min(lo, mid / Math.sqrt(10));
            hi = Math.max(hi, mid * Math.sqrt(10));
        }
        plot.x(false, 0, Math.max(1, steps - 1)).y(true, lo, hi).frame();
        plot.yTicks(plot.yScale().powersOfTen()).xEnds("0", steps + " steps");
        StringBuilder s = plot.svg;
        for (TrialResult t : shown) {
            String color = COLORS[lrs.indexOf(t.config().learningRate()) % COLORS.length];
            StringBuilder pts = new StringBuilder();
            double lastY = 0;
            for (CurvePoint p : curveOf.get(t)) {
                if (p.loss() == null || p.loss() <= 0) continue;
                lastY = plot.y(Math.min(p.loss(), hi));
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", plot.x(p.step()), lastY));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"><title>%s</title></polyline>", color, pts.toString().trim(),
                    Html.escape("learning rate " + Format.number(t.config().learningRate()) + ", seed "
                            + t.config().seed() + ": " + t.outcome().name().toLowerCase(Locale.ROOT))));
            if (t.divergedAtStep() != null) {
                double dx = plot.x(t.divergedAtStep());
                List<CurvePoint> curve = curveOf.get(t);
                double dy = curve.isEmpty() || curve.get(curve.size() - 1).loss() == null ? TOP + 4 : lastY;
                s.append(String.format(Locale.ROOT, "<text class=\"diverged\" x=\"%.1f\" y=\"%.1f\" fill=\"%s\" "
                        + "text-anchor=\"middle\">✕<title>diverged at step %d</title></text>", dx, dy + 4, color,
                        t.divergedAtStep()));
            }
        }
        return plot.close();
    }
}
