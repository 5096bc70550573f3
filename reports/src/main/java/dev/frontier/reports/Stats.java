package dev.frontier.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Small statistics over nullable values: nulls are left out, and an empty sample has no statistic (null). */
final class Stats {
    private Stats() {
    }

    /** Student's t at 0.9995 (two-sided 1 in 1000) for 1 to 30 degrees of freedom. */
    private static final double[] T_9995 = {636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
            4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725,
            3.707, 3.690, 3.674, 3.659, 3.646};
    /** The same at 30, 40, 60, 120 and infinitely many degrees of freedom, interpolated in 1 / df between. */
    private static final double[] T_9995_DF = {30, 40, 60, 120, Double.POSITIVE_INFINITY};
    private static final double[] T_9995_TAIL = {3.646, 3.551, 3.460, 3.373, 3.291};

    /**
     * The value a Student's t statistic with {@code df} degrees of freedom exceeds in absolute value by chance once in
     * a thousand times: how many standard errors (estimated from {@code df} degrees of freedom) a move must exceed.
     */
    static double tTwoSidedOneInAThousand(int df) {
        if (df < 1) throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
        if (df <= 30) return T_9995[df - 1];
        double x = 1.0 / df;
        for (int i = 1; i < T_9995_DF.length; i++) {
            if (df <= T_9995_DF[i]) {
                double x0 = 1 / T_9995_DF[i - 1];
                double x1 = 1 / T_9995_DF[i];
                return T_9995_TAIL[i - 1] + (T_9995_TAIL[i] - T_9995_TAIL[i - 1]) * (x - x0) / (x1 - x0);
            }
        }
        return T_9995_TAIL[T_9995_TAIL.length - 1];
    }

    static Double median(Collection<Double> values) {
        List<Double> v = new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
        if (v.isEmpty()) return null;
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static Double mean(Collection<Double> values) {
        List<Double> v = values.stream().filter(Objects::nonNull).toList();
        if (v.isEmpty()) return null;
        double s = 0;
        for (double x : v) s += x;
        return s / v.size();
    }

    static Double min(Collection<Double> values) {
        return values.stream().filter(Objects::nonNull).min(Double::compare).orElse(null);
    }

    static Double max(Collection<Double> values) {
        return values.stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    /** The median of ratios, taken in log space so that 10x and 0.1x balance (the geometric median). */
    static Double medianRatio(Collection<Double> ratios) {
        Double m = median(ratios.stream().filter(Objects::nonNull).map(Math::log).toList());
        return m == null ? null : Math.exp(m);
    }
}
