package dev.frontier.driver.cli;

import dev.frontier.driver.Bench;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.store.AtomicFiles;
import dev.frontier.sweeps.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code frontier bench}: this machine's training speed against its own sgemm limit, and a sweep's throughput. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure this machine: single-thread sgemm GFLOP/s (the peak), time per training step of the "
                + "reference network (64-256-256-256-10, batch 128) per optimizer and normalization, alone and packed, "
                + "with its FLOP efficiency, and a small sweep's trials/s on local[1] and local[2]. Each figure is the "
                + "median (min, max) of repeated runs. Takes about 5 minutes (--quick: about 1).")
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers to FILE as JSON.")
    Path json;

    @Option(names = "--quick", description = "Fewer cases and repeats: Adam with and without BatchNorm, packs of 1 "
            + "and 16, a smaller sweep.")
    boolean quick;

    @Option(names = "--scale", paramLabel = "N", description = "Instead, a sweep of about N tiny trials (a 4-unit "
            + "network, 2 steps each) on local[2]: the driver's cost per trial, its pace at the start and at the end, "
            + "the peak heap. E.g. --scale 100000 (about a minute here; set the heap with FRONTIER_JAVA_OPTS=-Xmx1g).")
    Integer scale;

    @Option(names = "--steps", paramLabel = "S", description = "With --scale: steps per trial (default 2); a trial's "
            + "loss curve keeps up to 200 points, so this also sets how much each result weighs.")
    int steps = 2;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO instead of WARN.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (scale != null && scale < 1) throw new BadInputException("--scale", "must be at least 1, got " + scale);
        if (steps < 1) throw new BadInputException("--steps", "must be at least 1, got " + steps);
        Logging.configure(verbose);
        PrintWriter out = command.commandLine().getOut();
        String core = System.getenv("OPENBLAS_CORETYPE");
        out.println("frontier bench" + (quick ? " --quick" : "") + ": median (min, max) of repeated runs on "
                + Bench.machine() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + (core == null ? "" : ", OpenBLAS kernels forced to " + core + " (OPENBLAS_CORETYPE)"));
        Bench bench = new Bench(quick, line -> {
            out.println(line);
            out.flush();
        });
        Object result = scale != null ? bench.scale(scale, steps) : bench.run();
        if (json != null) {
            String text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
            AtomicFiles.write(json, text + "\n");
            out.println("JSON: " + json);
        }
        return 0;
    }
}
