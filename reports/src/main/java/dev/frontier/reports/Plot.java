package dev.frontier.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frame every x-y chart of the report shares: an svg of a given size, a plot area inside its margins, a linear or
 * log scale on each axis, the frame, grid lines with their ticks, and the axis label. Charts draw their marks with
 * {@link #x} and {@link #y}, append them to {@link #svg}, and {@link #close} it.
 */
final class Plot {
    /** Maps values in [lo, hi] (log10 of them, for a log scale) onto pixels [from, to]. */
    record Scale(boolean log, double lo, double hi, double from, double to) {
        static Scale linear(double lo, double hi, double from, double to) {
            return new Scale(false, lo, hi, from, to);
        }

        /** A log scale over [lo, hi] (values, not their logs). */
        static Scale log(double lo, double hi, double from, double to) {
            return new Scale(true, Math.log10(lo), Math.log10(hi), from, to);
        }

        double at(double v) {
            double t = log ? Math.log10(v) : v;
            return from + (to - from) * (t - lo) / (hi - lo);
        }

        /** The powers of ten inside a log scale's range. */
        List<Double> powersOfTen() {
            ArrayList<Double> ticks = new ArrayList<>();
            for (int e = (int) Math.ceil(lo - 1e-9); e <= Math.floor(hi + 1e-9); e++) ticks.add(Math.pow(10, e));
            return ticks;
        }
    }

    final StringBuilder svg;
    final int width;
    final int height;
    final int left;
    final int right;
    final int top;
    final int bottom;
    private Scale x;
    private Scale y;

    /** An svg {@code width} × {@code height} whose plot area leaves these margins. */
    Plot(String cssClass, int width, int height, int left, int right, int top, int bottom) {
        this.width = width;
        this.height = height;
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
        this.svg = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"%s\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", cssClass, width, height,
                width, height));
    }

    /** The x axis: values in [lo, hi], log or linear, across the plot area. */
    Plot x(boolean log, double lo, double hi) {
        x = log ? Scale.log(lo, hi, left, width - right) : Scale.linear(lo, hi, left, width - right);
        return this;
    }

    /** The y axis: values in [lo, hi], log or linear, bottom to top of the plot area. */
    Plot y(boolean log, double lo, double hi) {
        y = log ? Scale.log(lo, hi, height - bottom, top) : Scale.linear(lo, hi, height - bottom, top);
        return this;
    }

    double x(double v) {
        return x.at(v);
    }

    double y(double v) {
        return y.at(v);
    }

    Scale xScale() {
        return x;
    }

    Scale yScale() {
        return y;
    }

    /** The plot area's frame. */
    Plot frame() {
        svg.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                left, top, width - left - right, height - top - bottom));
        return this;
    }

    /** A grid line and a tick label at each of {@code values} on the y axis. */
    Plot yTicks(List<Double> values) {
        for (double v : values) {
            double at = y(v);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, width - right,
                    at, at, left - 4, at + 4, Format.number(v)));
        }
        return this;
    }

    /** A tick label under the plot at each of {@code values} on the x axis. */
    Plot xTicks(List<Double> values) {
        for (double v : values) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
                    + "%s</text>", x(v), height - bottom + 14, Format.number(v)));
        }
        return this;
    }

    /** Labels at the x axis's two ends instead of ticks ("0" and "300 steps"). */
    Plot xEnds(String first, String last) {
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left, height - 10,
                Html.escape(first), width - right, height - 10, Html.escape(last)));
        return this;
    }

    /** The x axis's label, under its ticks. */
    Plot xLabel(String text) {
        svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>", left, height - 3,
                Html.escape(text)));
        return this;
    }

    /** The finished svg. */
    String close() {
        return svg.append("</svg>").toString();
    }

    /** About four round values from 0 to {@code top}; just 0 when there is no range. */
    static List<Double> ticks(double top) {
        if (!(top > 0) || Double.isInfinite(top)) return List.of(0.0);
        double raw = top / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude
                : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        ArrayList<Double> ticks = new ArrayList<>();
        for (int k = 0; k * step <= top + 1e-12; k++) ticks.add(k * step);
        return ticks;
    }
}
