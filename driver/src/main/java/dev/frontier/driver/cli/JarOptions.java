package dev.frontier.driver.cli;

import dev.frontier.driver.UserJars;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --jars}: the jars of plug-in models, for the commands that read a spec. */
final class JarOptions {
    @Option(names = "--jars", paramLabel = "JAR", split = ",",
            description = "Jars holding plug-in models (model.class) and what they need, comma-separated; also "
                    + "shipped to a cluster's executors.")
    List<Path> jars = new ArrayList<>();

    /** Makes the jars' classes visible; call before reading a spec. */
    void install() {
        UserJars.install(jars);
    }
}
