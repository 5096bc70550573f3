package dev.frontier.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sharpness through training, at each configuration's max stable learning rate: learning rate × sharpness over
 * the edge of stability (2 for sgd, 3.8 for momentum, 38 for Adam's preconditioned sharpness) at each probed step,
 * the learning rate being the one in effect there, so that warm-up shows as its share of the target. 1 is the edge:
 * above it a step would diverge on a quadratic; a network that trains there has lowered its sharpness (or, with
 * Adam, raised its second moments) to come back to it. A dotted line in a configuration's colour marks where its
 * warm-up ends.
 */
final class SharpnessChart {
    private static final int W = 560;
    private static final int H = 240;
    private static final int LEFT = 50;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;

    private SharpnessChart() {
    }

    /** The configurations with a trajectory to draw: probed at two steps or more. */
    static List<ConfigurationFrontier> drawn(Frontier f) {
        return f.configurations().stream().filter(c -> c.edgeTrajectory().size() > 1).toList();
    }

    static String svg(List<ConfigurationFrontier> lines) {
        Plot plot = new Plot("sharpness", W, H, LEFT, RIGHT, TOP, BOTTOM);
        double lo = 1;
        double hi = 1;
        int last = 0;
        for (ConfigurationFrontier c : lines) {
            for (Map.Entry<Integer, Double> e : c.edgeTrajectory().entrySet()) {
                if (!(e.getValue() > 0)) continue;
                lo = Math.min(lo, e.getValue());
                hi = Math.max(hi, e.getValue());
                last = Math.max(last, e.getKey());
            }
        }
        if (last == 0) return plot.close();
        lo = Math.pow(10, Math.floor(Math.log10(lo)));
        hi = Math.pow(10, Math.ceil(Math.log10(hi) + 1e-9));
        plot.x(false, 0, last).y(true, lo, hi).frame().yTicks(plot.yScale().powersOfTen())
                .xTicks(Plot.ticks(last)).xLabel("step →");
        StringBuilder s = plot.svg;
        double edge = plot.y(1);
        s.append(String.format(Locale.ROOT, "<line class=\"edge-of-stability\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" "
                + "y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">edge of stability</text>",
                LEFT, W - RIGHT, edge, edge, W - RIGHT - 4, edge - 4));
        for (int i = 0; i < lines.size(); i++) {
            ConfigurationFrontier c = lines.get(i);
            String color = SensitivityCurves.COLORS[i % SensitivityCurves.COLORS.length];
            Object warmup = c.get("warmupSteps");
            if (warmup instanceof Number n && n.intValue() > 0 && n.intValue() <= last) {
                double x = plot.x(n.doubleValue());
                s.append(String.format(Locale.ROOT, "<line stroke=\"%s\" stroke-dasharray=\"1 3\" x1=\"%.1f\" "
                        + "x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>%s</title></line>", color, x, x, TOP, H - BOTTOM,
                        Html.escape(c.label() + ": warm-up ends at step " + n)));
            }
            List<String> points = new ArrayList<>();
            StringBuilder marks = new StringBuilder();
            for (Map.Entry<Integer, Double> e : c.edgeTrajectory().entrySet()) {
                if (!(e.getValue() > 0)) continue;
                double x = plot.x(e.getKey());
                double y = plot.y(e.getValue());
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                Double lambda = c.sharpnessTrajectory().get(e.getKey());
                marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                        + "<title>%s</title></circle>", x, y, color, Html.escape(c.label() + "\nstep " + e.getKey()
                        + ": " + (c.preconditioned() ? "λ_pre " : "λ ") + Format.number(lambda) + ", "
                        + Format.number(e.getValue()) + " × the edge of stability at the max stable learning rate "
                        + Format.number(c.maxStableLearningRate()))));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"/>", color, String.join(" ", points))).append(marks);
        }
        return plot.close();
    }
}
