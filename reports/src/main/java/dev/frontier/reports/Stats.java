package dev.frontier.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Small statistics over nullable values: nulls are left out, and an empty sample has no statistic (null). */
final class Stats {
    private Stats() {
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
