package dev.frontier.reports;

import java.util.Locale;

/** Numbers as people read them in a report, the same in every locale. */
public final class Format {
    private Format() {
    }

    /** A learning rate or loss: plain with up to 4 significant digits between 1e-3 and 1e4, else "3.162e-4". */
    public static String number(Double v) {
        if (v == null) return "–";
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= 1e-3 && a < 1e4) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
                    .toPlainString();
            return s;
        }
        String s = String.format(Locale.ROOT, "%.3e", v);
        String[] parts = s.split("e");
        String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
        int exponent = Integer.parseInt(parts[1]);
        return mantissa + "e" + exponent;
    }

    /** An axis tick: like {@link #number} with 2 significant digits ("3.2e-4", "0.0032", "3.2"). */
    public static String tick(double v) {
        double rounded = new java.math.BigDecimal(v).round(new java.math.MathContext(2)).doubleValue();
        return number(rounded);
    }

    /** A width in decades to 2 significant digits ("0.063"); "–" for none. */
    public static String decades(Double d) {
        if (d == null) return "–";
        if (d == 0) return "0";
        return new java.math.BigDecimal(d).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** A ratio: "10×", "3.2×", "0.32×". */
    public static String ratio(Double r) {
        if (r == null) return "–";
        String s = new java.math.BigDecimal(r).round(new java.math.MathContext(2)).stripTrailingZeros()
                .toPlainString();
        return s + "×";
    }

    /** Seconds as "42 s", "3 min 5 s", "2 h 4 min". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600) / 60 + " min";
    }

    /** A fraction as a percentage, "93.4%". */
    public static String percent(Double f) {
        return f == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
