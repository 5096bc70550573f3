package dev.frontier.sweeps;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One swept parameter and its values, in the order the user listed them; the first value is the baseline. */
public record Axis(Param param, List<Object> values) implements Serializable {
    public Axis {
        Objects.requireNonNull(param, "param");
        values = List.copyOf(values);
        BadInputException.throwIfAny(problems(param, values));
    }

    public static Axis of(Param param, Object... values) {
        return new Axis(param, List.of(values));
    }

    /** Everything wrong with these axis values, located at {@code grid.<key>[i]}. */
    static List<Problem> problems(Param param, List<Object> values) {
        List<Problem> problems = new ArrayList<>();
        String where = "grid." + param.key();
        if (!param.sweepable()) {
            problems.add(new Problem(where, "cannot be swept; set " + param.specPath() + " instead"));
            return problems;
        }
        if (values.isEmpty()) {
            problems.add(new Problem(where, "must list at least one value"));
            return problems;
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String at = where + "[" + i + "]";
            param.check(v).ifPresent(why -> problems.add(new Problem(at, why)));
            for (int j = 0; j < i; j++) {
                if (values.get(j).equals(v)) {
                    problems.add(new Problem(at, "repeats " + where + "[" + j + "] (" + v + ")"));
                    break;
                }
            }
        }
        return problems;
    }

    public String key() {
        return param.key();
    }

    public Object baseline() {
        return values.get(0);
    }

    /**
     * Log-spaced values from {@code lo} to {@code hi} inclusive, {@code perDecade} per factor of ten, each rounded to
     * 4 significant digits so that ids and labels stay short and identical on every machine.
     */
    public static List<Object> logSpaced(double lo, double hi, int perDecade) {
        if (!(lo > 0) || !(hi >= lo) || perDecade < 1) {
            throw new IllegalArgumentException("need 0 < lo <= hi and perDecade >= 1");
        }
        List<Object> values = new ArrayList<>();
        double start = StrictMath.log10(lo);
        double end = StrictMath.log10(hi);
        for (int k = 0; ; k++) {
            double exponent = start + (double) k / perDecade;
            if (exponent > end + 1e-9) break;
            double v = new BigDecimal(StrictMath.pow(10, exponent)).round(new MathContext(4)).doubleValue();
            values.add(v);
            if (values.size() > 10_000) throw new IllegalArgumentException("too many values");
        }
        return values;
    }
}
