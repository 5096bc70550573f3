package dev.frontier.driver.cli;

import dev.frontier.driver.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code frontier report DIR}: rebuilds a run directory's frontier and report from its {@code trials.jsonl}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild frontier.json, report.html, trials.csv and frontier.csv of a run directory from its "
                + "sweep.yaml and trials.jsonl. Runs nothing.")
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (e.g. runs/quickstart).")
    Path dir;

    @picocli.CommandLine.Option(names = "--rows", paramLabel = "AXIS",
            description = "Swept parameter drawn as the rows of the phase diagrams (default: warmupSteps when swept).")
    String rows;

    @Mixin
    JarOptions jarOptions;

    @Override
    public Integer call() {
        jarOptions.install();
        RunReport.rebuild(dir, rows, command.commandLine().getOut());
        return 0;
    }
}
