package dev.frontier.reports;

import java.util.Locale;

/**
 * Colours safe for colour-blind readers (Okabe and Ito's palette for categories, one blue hue for loss), and legible
 * in grey print: diverged is dark, stalled light, converged graded by loss.
 */
final class Palette {
    static final String DIVERGED = "#D55E00";
    static final String STALLED = "#E69F00";
    static final String FAILED = "#000000";
    static final String MISSING = "#f2f2f2";
    static final String BEST = "#0072B2";
    static final String EDGE = "#009E73";
    static final String UNSTABLE = "#D55E00";

    private Palette() {
    }

    /** Converged cells: light blue for the highest loss of the sweep to dark blue for the lowest (log scale). */
    static String loss(double loss, double lowest, double highest) {
        double t = 0.5;
        if (highest > lowest && loss > 0 && lowest > 0) {
            t = (Math.log(highest) - Math.log(loss)) / (Math.log(highest) - Math.log(lowest));
        }
        t = Math.max(0, Math.min(1, t));
        int[] light = {198, 219, 239};
        int[] dark = {8, 48, 107};
        int r = (int) Math.round(light[0] + t * (dark[0] - light[0]));
        int g = (int) Math.round(light[1] + t * (dark[1] - light[1]));
        int b = (int) Math.round(light[2] + t * (dark[2] - light[2]));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
