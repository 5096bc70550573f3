package dev.frontier.driver.cli;

import dev.frontier.driver.Progress;
import dev.frontier.driver.SweepController;
import dev.frontier.driver.SweepPlanner;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code frontier run SPEC}: runs a sweep, or the trials of it still missing from its run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a sweep and write trials.jsonl, frontier.json and report.html into its run directory. "
                + "Trials already in the directory are not run again.")
final class RunCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec, YAML or JSON.")
    Path spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run directory (default: runs/<name>).")
    Path out;

    @Mixin
    RunOptions options;

    @Mixin
    JarOptions jarOptions;

    @Override
    public Integer call() throws Exception {
        jarOptions.install();
        SweepSpec s = SpecReader.read(spec);
        Path dir = spec.toAbsolutePath().getParent();
        return run(s, dir, out, options, command.commandLine().getOut(), "./frontier run " + spec);
    }

    /** Runs {@code s}; {@code command} is the start of the command line that resumes it (the run directory is added). */
    static int run(SweepSpec s, Path specDirectory, Path out, RunOptions options, PrintWriter stdout, String command)
            throws Exception {
        Logging.configure(options.verbose);
        if (options.pack != null && options.pack < 1) {
            throw new BadInputException("--pack", "must be at least 1, got " + options.pack);
        }
        SweepPlanner.checkRows(s, options.rows);
        SweepPlanner.Plan plan = SweepPlanner.plan(s, specDirectory, out, options.fresh, options.yes);
        String resume = command + " --out " + plan.runDir() + (options.master != null ? " --master "
                + options.master : "") + (options.rows != null ? " --rows " + options.rows : "")
                + (options.yes ? " --yes" : "") + (options.pack != null ? " --pack " + options.pack : "");
        SweepController.Summary summary = SweepController.run(plan, new SweepController.Options(options.master(), options.ui,
                Progress.interactiveTerminal(), options.rows, resume, options.verbose, options.pack), stdout);
        if (summary.interrupted()) return FrontierCommand.INTERRUPTED;
        return summary.frontier().counts().failed() > 0 ? FrontierCommand.SOME_FAILED : 0;
    }
}
