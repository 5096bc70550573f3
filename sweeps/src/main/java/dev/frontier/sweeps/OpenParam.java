package dev.frontier.sweeps;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parameter a plug-in model declares (see {@link ModelDeclaration}): its name, the rule its values obey, its default
 * and what it means. It is written under {@code model:} by its name and swept under {@code grid} as
 * {@code model.<name>}, the key it has in {@link TrialConfig} and the journal. The same value rules as the built-in
 * parameters apply, with the same messages.
 */
public final class OpenParam {
    /** The prefix of a plug-in parameter's key: {@code model.width}. */
    public static final String PREFIX = "model.";

    private final String name;
    private final Kind kind;
    private final Object defaultValue;
    private final String description;

    private OpenParam(String name, Kind kind, Object defaultValue, String description) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a model parameter's name is a letter then letters, digits or _, got "
                    + name);
        }
        this.name = name;
        this.kind = kind;
        this.description = Objects.requireNonNullElse(description, "");
        String why = defaultValue == null ? null : kind.check(defaultValue);
        if (why != null) throw new IllegalArgumentException("the default of " + name + " " + why);
        this.defaultValue = defaultValue;
    }

    /** An integer in {@code [min, max]}; {@code defaultValue} may be null (then the spec must set it). */
    public static OpenParam integer(String name, Integer defaultValue, int min, int max, String description) {
        return new OpenParam(name, new Kind.Int(v -> v >= min && v <= max, "between " + min + " and " + max),
                defaultValue, description);
    }

    /** A finite number in {@code [min, max]}. */
    public static OpenParam real(String name, Double defaultValue, double min, double max, String description) {
        return new OpenParam(name, new Kind.Real(v -> v >= min && v <= max, "between " + min + " and " + max),
                defaultValue, description);
    }

    /** One of {@code options}. */
    public static OpenParam choice(String name, String defaultValue, String description, String... options) {
        return new OpenParam(name, new Kind.Choice(options), defaultValue, description);
    }

    public static OpenParam bool(String name, Boolean defaultValue, String description) {
        return new OpenParam(name, new Kind.Bool(), defaultValue, description);
    }

    /** A list of layer widths, such as {@code [64, 64]}. */
    public static OpenParam widths(String name, List<Integer> defaultValue, String description) {
        return new OpenParam(name, new Kind.Widths(), defaultValue == null ? null : List.copyOf(defaultValue),
                description);
    }

    public String name() {
        return name;
    }

    /** {@code model.<name>}: the key under {@code grid}, in {@link TrialConfig} and in the journal. */
    public String key() {
        return PREFIX + name;
    }

    /** The default, or null when the spec must set a value. */
    public Object defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Words for the type and rule, e.g. "an integer between 1 and 4096". */
    public String describeValues() {
        return kind.describe();
    }

    boolean listValued() {
        return kind instanceof Kind.Widths;
    }

    Object read(JsonNode node, String where, List<Problem> problems) {
        return kind.read(node, where, problems);
    }

    /** Why {@code value} is not a valid value, or empty when it is. */
    public Optional<String> check(Object value) {
        return Optional.ofNullable(kind.check(value));
    }

    @Override
    public String toString() {
        return key();
    }
}
