package dev.frontier.sweeps;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with a user's input: where it is ({@code grid.learningRate[2]}, {@code data.csv line 7, column 3})
 * and what is wrong with it.
 */
public record Problem(String where, String message) implements Serializable {
    public Problem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return where.isEmpty() ? message : where + ": " + message;
    }
}
