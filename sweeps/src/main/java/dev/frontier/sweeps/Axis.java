package dev.frontier.sweeps;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One swept parameter and its values, in the order the user listed them; the first value is the baseline. The key is
 * a built-in {@link Param}'s, or a plug-in model's {@code model.<name>} (whose values its {@link OpenParam} checked).
 */
public record Axis(String key, List<Object> values) implements Serializable {
    public Axis {
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        Param p = Param.byKey(key).orElse(null);
        if (p != null) {
            BadInputException.throwIfAny(problems(p, values));
        } else if (key.startsWith(OpenParam.PREFIX)) {
            BadInputException.throwIfAny(problems("grid." + key, values, v -> null));
        } else {
            throw new BadInputException("grid." + key, "is not a parameter");
        }
    }

    public Axis(Param param, List<Object> values) {
        this(param.key(), values);
    }

    /** The built-in parameter swept, or null for a plug-in model's own. */
    public Param param() {
        return Param.byKey(key).orElse(null);
    }

    public static Axis of(Param param, Object... values) {
        return new Axis(param, List.of(values));
    }

    /** Everything wrong with these axis values, located at {@code grid.<key>[i]}. */
    static List<Problem> problems(Param param, List<Object> values) {
        String where = "grid." + param.key();
        if (!param.sweepable()) {
            return List.of(new Problem(where, "cannot be swept; set " + param.specPath() + " instead"));
        }
        return problems(where, values, v -> param.check(v).orElse(null));
    }

    /** Everything wrong with these values of the axis at {@code where}: emptiness, repeats, and {@code why}. */
    static List<Problem> problems(String where, List<Object> values, Function<Object, String> why) {
        List<Problem> problems = new ArrayList<>();
        if (values.isEmpty()) {
            problems.add(new Problem(where, "must list at least one value"));
            return problems;
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String at = where + "[" + i + "]";
            String wrong = why.apply(v);
            if (wrong != null) problems.add(new Problem(at, wrong));
            for (int j = 0; j < i; j++) {
                if (values.get(j).equals(v)) {
                    problems.add(new Problem(at, "repeats " + where + "[" + j + "] (" + v + ")"));
                    break;
                }
            }
        }
        return problems;
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
