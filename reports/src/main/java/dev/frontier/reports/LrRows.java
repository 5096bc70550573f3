package dev.frontier.reports;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The frame the row charts share (the frontier per configuration): labelled rows against one log learning-rate axis
 * (a {@link Plot.Scale}) spanning the learning rates tried, with a grid line and tick at each power of ten. Charts
 * draw their rows' marks with {@link #x}.
 */
final class LrRows {
    private static final int PLOT = 480;
    static final int TOP = 10;
    private static final int BOTTOM = 34;

    final int left;
    final int rowHeight;
    private final int rows;
    private final Plot.Scale lr;

    private LrRows(int left, int rowHeight, int rows, double lo, double hi) {
        this.left = left;
        this.rowHeight = rowHeight;
        this.rows = rows;
        this.lr = Plot.Scale.log(Math.pow(10, lo), Math.pow(10, hi), left, left + PLOT);
    }

    /** A frame for rows labelled {@code labels} over {@code learningRates}; null when no learning rate was tried. */
    static LrRows of(Collection<Double> learningRates, List<String> labels, int rowHeight) {
        TreeSet<Double> lrs = new TreeSet<>(learningRates);
        if (lrs.isEmpty()) return null;
        double lo = Math.log10(lrs.first());
        double hi = Math.log10(lrs.last());
        if (hi - lo < 1) {
            lo -= 0.5;
            hi += 0.5;
        }
        int left = Math.min(560, 16 + (int) Math.ceil(6.4 * labels.stream().mapToInt(String::length).max()
                .orElse(10)));
        return new LrRows(left, rowHeight, labels.size(), lo, hi);
    }

    /** The horizontal position of learning rate {@code lr}. */
    double x(double learningRate) {
        return lr.at(learningRate);
    }

    /** The top of row {@code i}. */
    int y(int i) {
        return TOP + i * rowHeight;
    }

    /** The opening svg tag, the grid, the ticks and the axis label; the caller adds its rows and closes the tag. */
    StringBuilder open(String cssClass) {
        int width = left + PLOT + 20;
        int height = TOP + rows * rowHeight + BOTTOM;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"%s\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", cssClass, width, height,
                width, height));
        int bottom = TOP + rows * rowHeight;
        for (double tick : lr.powersOfTen()) {
            double x = x(tick);
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, x, TOP, bottom,
                    x, bottom + 14, Format.number(tick)));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">learning rate (log scale) →</text>",
                left, height - 4));
        return s;
    }
}
