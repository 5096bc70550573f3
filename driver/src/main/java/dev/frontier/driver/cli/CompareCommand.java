package dev.frontier.driver.cli;

import dev.frontier.driver.RunReport;
import dev.frontier.reports.CompareReport;
import dev.frontier.reports.FrontierAnalysis;
import dev.frontier.reports.FrontierComparison;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.store.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code frontier compare RUN_A RUN_B}: one report setting two runs' frontiers side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Write one report that sets two runs' frontiers side by side (e.g. before and after a model "
                + "change): what differs between their specs, how each configuration's max stable learning rate "
                + "moved. Runs nothing.")
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The first run directory (before).")
    Path before;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The second run directory (after).")
    Path after;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to write the report (default: runs/compare-<A>-vs-<B>.html).")
    Path out;

    @Mixin
    JarOptions jarOptions;

    @Override
    public Integer call() {
        jarOptions.install();
        RunReport.Finished a = RunReport.read(before);
        RunReport.Finished b = RunReport.read(after);
        PrintWriter stdout = command.commandLine().getOut();
        for (Problem p : a.unreadable()) stdout.println("warning: " + p + " (skipped)");
        for (Problem p : b.unreadable()) stdout.println("warning: " + p + " (skipped)");
        FrontierComparison c = FrontierComparison.of(a.spec(), FrontierAnalysis.of(a.spec(), a.results()), b.spec(),
                FrontierAnalysis.of(b.spec(), b.results()));
        Path file = out != null ? out : Path.of("runs").resolve("compare-" + name(before) + "-vs-" + name(after)
                + ".html");
        AtomicFiles.write(file, CompareReport.render(c));
        if (!c.changes().isEmpty()) {
            stdout.println("What changed:");
            c.changes().forEach(change -> stdout.println("  " + change));
        }
        c.findings().forEach(f -> stdout.println("  • " + f));
        stdout.println("Report: " + file);
        return 0;
    }

    private static String name(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? "run" : n.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
