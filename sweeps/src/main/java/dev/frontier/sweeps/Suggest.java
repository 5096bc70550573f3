package dev.frontier.sweeps;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for near misses: the closest candidate within a small edit distance, ignoring case. */
public final class Suggest {
    private Suggest() {
    }

    public static String closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String t = typed.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        if (bestDistance <= allowed) return best;
        if (t.length() >= 3) {
            for (String c : candidates) {
                String lower = c.toLowerCase(Locale.ROOT);
                if (lower.contains(t) || t.contains(lower)) return c;
            }
        }
        return null;
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours counts one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
