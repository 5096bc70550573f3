package dev.frontier.driver.cli;

import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code frontier demo}: runs the built-in quickstart sweep (examples/quickstart.yaml, bundled in the jar). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the quickstart sweep (examples/quickstart.yaml): SGD, momentum and Adam, with and without "
                + "BatchNorm, with and without warm-up, 3 seeds each, on the spirals data; a boundary search finds "
                + "each one's max stable learning rate between 1e-4 and 10 to within 0.1 decade.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    static final String RESOURCE = "/examples/quickstart.yaml";

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run directory (default: runs/quickstart).")
    Path out;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        return RunCommand.run(spec(), Path.of("").toAbsolutePath(), out, options, command.commandLine().getOut(),
                "./frontier demo");
    }

    static SweepSpec spec() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + RESOURCE);
            return SpecReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "examples/quickstart.yaml",
                    "quickstart");
        }
    }
}
