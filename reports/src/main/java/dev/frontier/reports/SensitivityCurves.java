package dev.frontier.reports;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Curves against learning rate, one line per configuration of a panel, on one log learning-rate axis. The loss curve
 * (Wortsman et al. 2023): each point is the median over seeds of min(final loss, initial loss), a diverged trial
 * counting as its initial loss, so the curve's floor is the best loss and its walls are where training breaks; the LR
 * sensitivity is its mean height above the floor. The trained curve: the fraction of seeds that converged, so where
 * the seeds stop training one by one shows as a slope rather than a cliff. Markers: ● every seed converged, ■ some
 * stalled, ✕ some diverged.
 */
final class SensitivityCurves {
    private static final int W = 360;
    private static final int H = 190;
    /** The trained curve's height: a fraction needs less of it. */
    private static final int TRAINED_H = 110;
    private static final int LEFT = 44;
    private static final int RIGHT = 10;
    private static final int TOP = 10;
    private static final int BOTTOM = 30;
    static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
            "#000000"};

    private SensitivityCurves() {
    }

    /** The loss curve of each configuration of a panel. */
    static String svg(List<ConfigurationFrontier> lines) {
        double top = 0;
        for (ConfigurationFrontier c : lines) {
            for (LrPoint p : c.points()) if (p.sensitivityLoss() != null) top = Math.max(top, p.sensitivityLoss());
        }
        top *= 1.05;
        return draw(lines, "sensitivity", H, LrPoint::sensitivityLoss, top, Plot.ticks(top), "loss ");
    }

    /** The fraction of seeds that trained, per learning rate, of each configuration of a panel. */
    static String trained(List<ConfigurationFrontier> lines) {
        return draw(lines, "trained", TRAINED_H, p -> p.seeds() == 0 ? null : (double) p.converged() / p.seeds(),
                1.05, List.of(0.0, 0.5, 1.0), "seeds trained ");
    }

    private static String draw(List<ConfigurationFrontier> lines, String css, int h,
                               Function<LrPoint, Double> value, double top, List<Double> yTicks,
                               String what) {
        TreeSet<Double> lrs = new TreeSet<>();
        for (ConfigurationFrontier c : lines) for (LrPoint p : c.points()) lrs.add(p.learningRate());
        Plot plot = new Plot(css, W, h, LEFT, RIGHT, TOP, BOTTOM);
        if (lrs.isEmpty() || top <= 0) return plot.close();
        double lo = lrs.first();
        double hi = lrs.last();
        if (hi / lo < 1 + 1e-9) {
            lo /= Math.sqrt(10);
            hi *= Math.sqrt(10);
        }
        plot.x(true, lo, hi).y(false, 0, top).frame().yTicks(yTicks).xTicks(plot.xScale().powersOfTen())
                .xLabel("learning rate (log) →");
        StringBuilder s = plot.svg;
        for (int i = 0; i < lines.size(); i++) {
            ConfigurationFrontier c = lines.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (LrPoint p : c.points()) {
                Double v = value.apply(p);
                if (v == null) continue;
                double x = plot.x(p.learningRate());
                double y = plot.y(v);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                String tip = Html.escape(c.label() + "\nlearning rate " + Format.number(p.learningRate())
                        + "\n" + what + Format.number(v) + " (" + p.converged() + " of " + p.seeds()
                        + " seeds converged" + (p.diverged() > 0 ? ", " + p.diverged() + " diverged" : "") + ")");
                if (p.diverged() > 0) {
                    marks.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" "
                            + "text-anchor=\"middle\" class=\"mark\">✕<title>%s</title></text>", x, y + 4, color, tip));
                } else if (p.stalled() > 0) {
                    marks.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" "
                            + "fill=\"%s\"><title>%s</title></rect>", x - 3.5, y - 3.5, color, tip));
                } else {
                    marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">"
                            + "<title>%s</title></circle>", x, y, color, tip));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"/>", color, pts.toString().trim())).append(marks);
        }
        return plot.close();
    }
}
