package dev.frontier.driver.cli;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * {@code frontier}: the command line. Exit codes: 0 done, 2 bad input (every problem listed, each naming its field or
 * file position, no stack trace), 3 done but some trials FAILED (the summary says how many), 1 anything else,
 * 130 interrupted.
 */
@Command(name = "frontier", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Maps the learning-rate stability frontier: sweeps learning rate × warm-up × optimizer × "
                + "normalization × seeds on Spark, trains each trial with ND4J, and reports the best and the highest "
                + "stable learning rate of every configuration.",
        subcommands = {RunCommand.class, PlanCommand.class, ReportCommand.class, CompareCommand.class, DemoCommand.class,
                ClusterCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class FrontierCommand implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int SOME_FAILED = 3;
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new FrontierCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof BadInputException bad) {
                for (Problem p : bad.problems()) err.println("error: " + p);
                err.println(bad.problems().size() == 1 ? "1 problem; nothing was run."
                        : bad.problems().size() + " problems; nothing was run.");
                return BAD_INPUT;
            }
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (Logging.verbose()) e.printStackTrace(err);
            else err.println("(run with --verbose for details)");
            return 1;
        });
        return cl.execute(args);
    }
}
