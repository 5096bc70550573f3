package dev.frontier.sweeps;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * How a configuration's frontier is read from its learning rates, ascending: the best is the stable rate with the
 * lowest loss; the max stable rate is reached walking up from the best through stable rates, and the first rate that is
 * not stable ends the walk. The report and the boundary search read a frontier the same way.
 */
public final class StabilityWalk {
    private StabilityWalk() {
    }

    /**
     * The indices of the best stable rate and of the max stable one walking up from it, among {@code n} rates in
     * ascending order; {@code {-1, -1}} when none is stable. {@code loss} is null where a rate has no loss to rank.
     */
    public static int[] of(int n, IntPredicate stable, IntFunction<Double> loss) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (!stable.test(i) || loss.apply(i) == null) continue;
            if (best < 0 || loss.apply(i) < loss.apply(best)) best = i;
        }
        if (best < 0) return new int[]{-1, -1};
        int hi = best;
        while (hi + 1 < n && stable.test(hi + 1)) hi++;
        return new int[]{best, hi};
    }
}
