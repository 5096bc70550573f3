package dev.frontier.sweeps;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;

/**
 * The type of a parameter's values and the rule they obey. {@link #read} turns a JSON/YAML node into the canonical
 * Java value ({@link Integer}, {@link Double}, {@link Boolean}, {@link String}, {@code List<Integer>}) or explains
 * why it cannot; {@link #check} applies the same rule to a value built in code.
 */
abstract class Kind {
    /** The canonical value of {@code node}, or null after adding a problem (located at {@code where}). */
    abstract Object read(JsonNode node, String where, List<Problem> problems);

    /** Why {@code value} is not acceptable, or null when it is. */
    abstract String check(Object value);

    /** Words for the help text and for messages: "an integer >= 0", "one of sgd, adam". */
    abstract String describe();

    static String show(JsonNode node) {
        if (node.isTextual()) return "\"" + node.asText() + "\"";
        if (node.isObject()) return "an object";
        if (node.isArray()) return "a list";
        if (node.isNull()) return "nothing";
        return node.toString();
    }

    static final class Int extends Kind {
        private final IntPredicate rule;
        private final String ruleText;

        Int(IntPredicate rule, String ruleText) {
            this.rule = rule;
            this.ruleText = ruleText;
        }

        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (node.isIntegralNumber() && node.canConvertToInt()
                    || node.isFloatingPointNumber() && node.asDouble() == Math.rint(node.asDouble())
                    && Math.abs(node.asDouble()) <= Integer.MAX_VALUE) {
                int v = node.asInt();
                String why = check(v);
                if (why != null) {
                    problems.add(new Problem(where, why));
                    return null;
                }
                return v;
            }
            problems.add(new Problem(where, "must be an integer, got " + show(node)));
            return null;
        }

        @Override
        String check(Object value) {
            if (!(value instanceof Integer i)) return "must be an integer, got " + value;
            return rule.test(i) ? null : "must be " + ruleText + ", got " + i;
        }

        @Override
        String describe() {
            return "an integer " + ruleText;
        }
    }

    static final class Real extends Kind {
        private final DoublePredicate rule;
        private final String ruleText;

        Real(DoublePredicate rule, String ruleText) {
            this.rule = rule;
            this.ruleText = ruleText;
        }

        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            double v;
            if (node.isNumber()) {
                v = node.asDouble();
            } else if (node.isTextual() && isNonFiniteWord(node.asText())) {
                v = Double.parseDouble(node.asText().replace(".inf", "Infinity").replace(".nan", "NaN")
                        .replace(".Inf", "Infinity").replace(".NaN", "NaN").replace(".INF", "Infinity"));
            } else {
                problems.add(new Problem(where, "must be a number, got " + show(node)));
                return null;
            }
            String why = check(v);
            if (why != null) {
                problems.add(new Problem(where, why));
                return null;
            }
            return v;
        }

        private static boolean isNonFiniteWord(String s) {
            return Set.of("NaN", "Infinity", "-Infinity", ".nan", ".NaN", ".inf", ".Inf", ".INF", "-.inf", "-.Inf")
                    .contains(s);
        }

        @Override
        String check(Object value) {
            if (!(value instanceof Double d)) return "must be a number, got " + value;
            if (!Double.isFinite(d)) return "must be a finite number, got " + d;
            return rule.test(d) ? null : "must be " + ruleText + ", got " + d;
        }

        @Override
        String describe() {
            return "a number " + ruleText;
        }
    }

    /** A number obeying a rule, or the word {@code none} (kept as the text "none"): an optional setting. */
    static final class RealOrNone extends Kind {
        static final String NONE = "none";
        private final Real real;

        RealOrNone(DoublePredicate rule, String ruleText) {
            this.real = new Real(rule, ruleText);
        }

        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (node.isTextual() && node.asText().equals(NONE)) return NONE;
            if (!node.isNumber()) {
                problems.add(new Problem(where, "must be " + describe() + ", got " + show(node)));
                return null;
            }
            return real.read(node, where, problems);
        }

        @Override
        String check(Object value) {
            return NONE.equals(value) ? null : real.check(value);
        }

        @Override
        String describe() {
            return real.describe() + ", or none";
        }
    }

    static final class Bool extends Kind {
        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (node.isBoolean()) return node.asBoolean();
            problems.add(new Problem(where, "must be true or false, got " + show(node)));
            return null;
        }

        @Override
        String check(Object value) {
            return value instanceof Boolean ? null : "must be true or false, got " + value;
        }

        @Override
        String describe() {
            return "true or false";
        }
    }

    static final class Choice extends Kind {
        final List<String> options;

        Choice(String... options) {
            this.options = List.of(options);
        }

        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (!node.isTextual()) {
                problems.add(new Problem(where, "must be " + describe() + ", got " + show(node)));
                return null;
            }
            String why = check(node.asText());
            if (why != null) {
                problems.add(new Problem(where, why));
                return null;
            }
            return node.asText();
        }

        @Override
        String check(Object value) {
            if (value instanceof String s && options.contains(s)) return null;
            String hint = value instanceof String s ? Suggest.closest(s, options) : null;
            return "must be " + describe() + ", got " + (value instanceof String s ? "\"" + s + "\"" : value)
                    + (hint == null ? "" : " (did you mean " + hint + "?)");
        }

        @Override
        String describe() {
            return "one of " + String.join(", ", options);
        }
    }

    static final class Text extends Kind {
        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (node.isTextual() && !node.asText().isBlank()) return node.asText();
            problems.add(new Problem(where, "must be a non-empty text, got " + show(node)));
            return null;
        }

        @Override
        String check(Object value) {
            return value instanceof String s && !s.isBlank() ? null : "must be a non-empty text, got " + value;
        }

        @Override
        String describe() {
            return "a text";
        }
    }

    /** An integer obeying a rule, or a list of distinct non-empty names (CSV columns). */
    static final class IntOrNames extends Kind {
        private final Int integer;

        IntOrNames(IntPredicate rule, String ruleText) {
            this.integer = new Int(rule, ruleText);
        }

        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (!node.isArray()) return integer.read(node, where, problems);
            List<String> names = new ArrayList<>();
            int before = problems.size();
            for (int i = 0; i < node.size(); i++) {
                JsonNode n = node.get(i);
                if (!n.isTextual() || n.asText().isBlank()) {
                    problems.add(new Problem(where + "[" + i + "]", "must be a column name, got " + show(n)));
                } else if (names.contains(n.asText())) {
                    problems.add(new Problem(where + "[" + i + "]", "repeats column \"" + n.asText() + "\""));
                } else {
                    names.add(n.asText());
                }
            }
            if (names.isEmpty() && problems.size() == before) {
                problems.add(new Problem(where, "must list at least one column"));
            }
            return problems.size() == before ? List.copyOf(names) : null;
        }

        @Override
        String check(Object value) {
            if (value instanceof List<?> l) {
                return !l.isEmpty() && l.stream().allMatch(o -> o instanceof String s && !s.isBlank()) ? null
                        : "must be a list of column names, got " + value;
            }
            return integer.check(value);
        }

        @Override
        String describe() {
            return integer.describe() + ", or a list of CSV column names";
        }
    }

    /** One character that separates CSV columns; {@code \t} stands for a tab. */
    static final class Delimiter extends Kind {
        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            String why = node.isTextual() ? check(node.asText()) : "must be one character such as , ; | or \\t, got "
                    + show(node);
            if (why != null) {
                problems.add(new Problem(where, why));
                return null;
            }
            return node.asText();
        }

        @Override
        String check(Object value) {
            if (value instanceof String s && (s.equals("\\t") || s.length() == 1 && !s.equals("\"")
                    && !s.equals("\n") && !s.equals("\r"))) {
                return null;
            }
            return "must be one character such as , ; | or \\t (not a quote or a line break), got \"" + value + "\"";
        }

        @Override
        String describe() {
            return "one character, or \\t for a tab";
        }
    }

    /** An ascending list of distinct optimizer steps (integers >= 0), such as the steps to probe at. */
    static final class Steps extends Kind {
        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (!node.isArray() || node.isEmpty()) {
                problems.add(new Problem(where, "must be a list of steps like [0, 50, 100], got " + show(node)));
                return null;
            }
            List<Integer> steps = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode s = node.get(i);
                if (!s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 0) {
                    problems.add(new Problem(where + "[" + i + "]", "must be a step, an integer >= 0, got " + show(s)));
                    return null;
                }
                if (!steps.isEmpty() && s.asInt() <= steps.get(steps.size() - 1)) {
                    problems.add(new Problem(where + "[" + i + "]", "steps must go up, without repeats: got "
                            + s.asInt() + " after " + steps.get(steps.size() - 1)));
                    return null;
                }
                steps.add(s.asInt());
            }
            return List.copyOf(steps);
        }

        @Override
        String check(Object value) {
            if (!(value instanceof List<?> list) || list.isEmpty()) return "must be a list of steps, got " + value;
            int last = -1;
            for (Object o : list) {
                if (!(o instanceof Integer i) || i <= last) return "must be ascending steps >= 0, got " + value;
                last = i;
            }
            return null;
        }

        @Override
        String describe() {
            return "a list of steps";
        }
    }

    /** A list of positive integers, such as hidden-layer widths. */
    static final class Widths extends Kind {
        @Override
        Object read(JsonNode node, String where, List<Problem> problems) {
            if (!node.isArray()) {
                problems.add(new Problem(where, "must be a list of layer widths like [256, 256], got " + show(node)));
                return null;
            }
            List<Integer> widths = new ArrayList<>();
            int before = problems.size();
            for (int i = 0; i < node.size(); i++) {
                JsonNode w = node.get(i);
                if (w.isIntegralNumber() && w.canConvertToInt() && w.asInt() >= 1 && w.asInt() <= 65536) {
                    widths.add(w.asInt());
                } else {
                    problems.add(new Problem(where + "[" + i + "]",
                            "must be a layer width between 1 and 65536, got " + show(w)));
                }
            }
            return problems.size() == before ? List.copyOf(widths) : null;
        }

        @Override
        String check(Object value) {
            if (!(value instanceof List<?> list)) return "must be a list of layer widths, got " + value;
            for (Object o : list) {
                if (!(o instanceof Integer i) || i < 1 || i > 65536) {
                    return "must be a list of layer widths between 1 and 65536, got " + value;
                }
            }
            return null;
        }

        @Override
        String describe() {
            return "a list of layer widths";
        }
    }
}
