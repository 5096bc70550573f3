package dev.frontier.reports;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

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
        return draw(lines, "sensitivity", H, LrPoint::sensitivityLoss, top, ticks(top), "loss ");
    }

    /** The fraction of seeds that trained, per learning rate, of each configuration of a panel. */
    static String trained(List<ConfigurationFrontier> lines) {
        return draw(lines, "trained", TRAINED_H, p -> p.seeds() == 0 ? null : (double) p.converged() / p.seeds(),
                1.05, List.of(0.0, 0.5, 1.0), "seeds trained ");
    }

    private static String draw(List<ConfigurationFrontier> lines, String css, int h,
                               java.util.function.Function<LrPoint, Double> value, double top, List<Double> yTicks,
                               String what) {
        TreeSet<Double> lrs = new TreeSet<>();
        for (ConfigurationFrontier c : lines) for (LrPoint p : c.points()) lrs.add(p.learningRate());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"%s\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", css, W, h,
                W, h));
        if (lrs.isEmpty() || top <= 0) return s.append("</svg>").toString();
        double lo = Math.log10(lrs.first());
        double hi = Math.log10(lrs.last());
        if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        s.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                LEFT, TOP, W - LEFT - RIGHT, h - TOP - BOTTOM));
        for (double v : yTicks) {
            double y = y(v, top, h);
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, W - RIGHT, y, y,
                    LEFT - 4, y + 4, Format.number(v)));
        }
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
            double x = x(e, lo, hi);
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                    + "</text>", x, h - BOTTOM + 14, Format.number(Math.pow(10, e))));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">learning rate (log) →</text>",
                LEFT, h - 3));
        for (int i = 0; i < lines.size(); i++) {
            ConfigurationFrontier c = lines.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (LrPoint p : c.points()) {
                Double v = value.apply(p);
                if (v == null) continue;
                double x = x(Math.log10(p.learningRate()), lo, hi);
                double y = y(v, top, h);
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
        return s.append("</svg>").toString();
    }

    /** About four round values from 0 to {@code top}. */
    static List<Double> ticks(double top) {
        double raw = top / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude
                : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        java.util.ArrayList<Double> ticks = new java.util.ArrayList<>();
        for (int k = 0; k * step <= top + 1e-12; k++) ticks.add(k * step);
        return ticks;
    }

    private static double x(double logLr, double lo, double hi) {
        return LEFT + (W - LEFT - RIGHT) * (logLr - lo) / (hi - lo);
    }

    private static double y(double v, double top, int h) {
        return TOP + (h - TOP - BOTTOM) * (1 - v / top);
    }
}
