package dev.frontier.sweeps;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A boundary search over the learning rate, written {@code grid.learningRate: {search: frontier, range: [lo, hi],
 * resolution: r}}: a coarse log grid over the range (every {@value #COARSE_DECADES} decade, both ends included), then,
 * per configuration, bisection in log learning rate between the max stable and the first unstable rate until they are
 * at most {@code resolution} decades apart, and probes half a coarse step either side of the best coarse rate.
 *
 * @param low        the lowest learning rate tried
 * @param high       the highest learning rate tried
 * @param resolution how close, in decades, the bracket around each max stable learning rate ends up
 */
public record LrSearch(double low, double high, double resolution) implements Serializable {
    /** The coarse grid's step, in decades. */
    public static final double COARSE_DECADES = 0.5;
    /** Probes around the best coarse learning rate, each side. */
    static final double REFINE_DECADES = COARSE_DECADES / 2;
    /** The finest resolution asked for, in decades. */
    public static final double FINEST = 0.001;
    /**
     * How much wider than the resolution a bracket may be and count as within it: rates are kept to 4 significant
     * digits, which moves them by up to 2e-4 decade, so a bracket of exactly the resolution may measure a little more.
     */
    static final double TOLERANCE = 1e-3;

    public LrSearch {
        List<Problem> problems = new ArrayList<>();
        if (!(low > 0) || !Double.isFinite(high) || !(high > low)) {
            problems.add(new Problem("grid.learningRate.range", "must be two positive numbers [lo, hi] from low to "
                    + "high, got [" + plain(low) + ", " + plain(high) + "]"));
        }
        if (!(resolution >= FINEST && resolution <= 1)) {
            problems.add(new Problem("grid.learningRate.resolution", "must be a number of decades between " + FINEST
                    + " and 1 (0.05: the bracket ends within 12% of the boundary), got " + plain(resolution)));
        }
        BadInputException.throwIfAny(problems);
    }

    /** The coarse grid: every half decade from {@code low}, and {@code high}. */
    public List<Object> coarse() {
        List<Object> values = new ArrayList<>(Axis.logSpaced(low, high, (int) Math.round(1 / COARSE_DECADES)));
        double last = (Double) values.get(values.size() - 1);
        if (StrictMath.log10(high / last) > 1e-3) values.add(rounded(high));
        return values;
    }

    /** Bisections that take a coarse step down to the resolution (within {@link #TOLERANCE}). */
    public int bisections() {
        int n = 0;
        for (double width = COARSE_DECADES; width > resolution + TOLERANCE; width /= 2) n++;
        return n;
    }

    /**
     * The most trials the search runs for {@code configurations} × {@code seeds}: the coarse grid, then per
     * configuration and seed every bisection and the two probes around the best learning rate. A bracket only ever
     * narrows (a probe splits it, and a better best found by the refinement walks up through the same rates), so no
     * configuration needs more bisections than a coarse step does.
     */
    public long worstCase(long configurations, long seeds) {
        return configurations * seeds * (coarse().size() + bisections() + 2L);
    }

    /** The trials a full grid over the range at this resolution needs. */
    public long fullGrid(long configurations, long seeds) {
        long rates = (long) Math.floor(StrictMath.log10(high / low) / resolution + 1e-9) + 1;
        return configurations * seeds * rates;
    }

    /** A number as written: "2" for 2.0, "0.05". */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The learning rate halfway between {@code a} and {@code b} in log scale, to 4 significant digits. */
    static double between(double a, double b) {
        return rounded(StrictMath.sqrt(a * b));
    }

    /** {@code lr} times 10 to the {@code decades}, to 4 significant digits. */
    static double shifted(double lr, double decades) {
        return rounded(lr * StrictMath.pow(10, decades));
    }

    private static double rounded(double v) {
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }
}
