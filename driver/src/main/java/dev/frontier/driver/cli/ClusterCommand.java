package dev.frontier.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.driver.cluster.LocalCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code frontier cluster start|stop|status}: a real Spark standalone cluster on this machine. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A real Spark standalone cluster on 127.0.0.1 (a master and N workers, each its own JVM), "
                + "started from the project's Spark jars; `frontier run SPEC --master <its URL>` runs on it.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** Where the cluster's state, logs and work directories live. */
    static final class Where {
        @Option(names = "--state", paramLabel = "DIR",
                description = "State directory (default: $FRONTIER_HOME/cluster, else ~/.frontier/cluster).")
        Path state;

        LocalCluster cluster() {
            Path dir = state;
            if (dir == null) {
                String home = System.getenv("FRONTIER_HOME");
                dir = (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".frontier"))
                        .resolve("cluster");
            }
            return new LocalCluster(dir, LocalCluster.defaultSparkJars());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a master and workers on 127.0.0.1; print the master URL once every worker is up.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;
        @CommandLine.Mixin
        Where where;
        @Option(names = "--workers", defaultValue = "2", description = "Workers (default: ${DEFAULT-VALUE}).")
        int workers;
        @Option(names = "--cores", defaultValue = "1", description = "Cores per worker (default: ${DEFAULT-VALUE}).")
        int cores;
        @Option(names = "--memory", defaultValue = "2g", description = "Memory per worker (default: ${DEFAULT-VALUE}).")
        String memory;
        @Option(names = "--port", defaultValue = "7077", description = "Master port (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = command.commandLine().getOut();
            LocalCluster.State s = where.cluster().start(workers, cores, memory, port, Duration.ofSeconds(90));
            out.printf("%d workers × %d cores up at %s (web UI %s)%n", workers, cores, s.masterUrl(), s.webUi());
            out.printf("run a sweep on it:  ./frontier run SPEC --master %s%n", s.masterUrl());
            out.println(s.masterUrl());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster this machine started.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;
        @CommandLine.Mixin
        Where where;

        @Override
        public Integer call() throws Exception {
            int n = where.cluster().stop();
            command.commandLine().getOut().println(n == 0 ? "no cluster was running" : "stopped " + n + " processes");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is the cluster up: its workers, cores, "
            + "applications.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;
        @CommandLine.Mixin
        Where where;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = command.commandLine().getOut();
            LocalCluster cluster = where.cluster();
            Optional<LocalCluster.State> s = cluster.running();
            if (s.isEmpty()) {
                out.println("not running");
                return 3;
            }
            JsonNode m = cluster.status(s.get());
            out.printf("running at %s (web UI %s): %d of %d workers alive, %d cores, %d running applications%n",
                    s.get().masterUrl(), s.get().webUi(), m.path("aliveworkers").asInt(), s.get().workerPids().size(),
                    m.path("cores").asInt(), m.path("activeapps").size());
            return 0;
        }
    }
}
