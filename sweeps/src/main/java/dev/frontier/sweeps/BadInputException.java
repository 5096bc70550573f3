package dev.frontier.sweeps;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input (a spec, a data file, an argument) is wrong. Carries every problem found, not just the first, so
 * the user can fix them all in one go. The command line prints them one per line and exits 2.
 */
public class BadInputException extends RuntimeException {
    private final List<Problem> problems;

    public BadInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("a BadInputException needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String where, String message) {
        this(List.of(new Problem(where, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Throws when {@code problems} is not empty. */
    public static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) throw new BadInputException(problems);
    }
}
