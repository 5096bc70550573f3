package dev.frontier.driver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.store.AtomicFiles;
import dev.frontier.sweeps.store.Json;
import org.apache.spark.launcher.JavaModuleOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and workers on 127.0.0.1, started as separate JVMs from the Spark jars the build copied
 * to {@code driver/target/spark-jars} (no Spark download), with a SPARK_HOME folder made for them in the state
 * directory. The state directory records what was started ({@code cluster.json}), so {@link #stop} stops exactly
 * those processes: each carries a marker naming its state directory, checked before it is signalled.
 */
public final class LocalCluster {
    static final String STATE = "cluster.json";
    private static final String SCALA = "2.13";

    /** What a running cluster is: where to submit, and the processes that make it. */
    public record State(String masterUrl, String webUi, long masterPid, List<Long> workerPids, int coresPerWorker,
                        String memoryPerWorker, String startedAt, String logs) {
    }

    private final Path stateDir;
    private final Path sparkJars;

    public LocalCluster(Path stateDir, Path sparkJars) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.sparkJars = sparkJars.toAbsolutePath().normalize();
    }

    /** {@code spark-jars} beside the jar or classes directory this class was loaded from. */
    public static Path defaultSparkJars() {
        try {
            Path here = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent().resolve("spark-jars");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded state, if a cluster was started from this state directory and its master is alive. */
    public Optional<State> running() {
        Path file = stateDir.resolve(STATE);
        if (!Files.exists(file)) return Optional.empty();
        try {
            State s = Json.mapper().readValue(file.toFile(), State.class);
            return ProcessHandle.of(s.masterPid()).filter(this::ours).isPresent() ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Starts a master and {@code workers} workers and waits until every worker has registered. */
    public State start(int workers, int cores, String memory, int port, Duration timeout)
            throws IOException, InterruptedException {
        if (workers < 1) throw new BadInputException("--workers", "must be at least 1, got " + workers);
        if (cores < 1) throw new BadInputException("--cores", "must be at least 1, got " + cores);
        if (!memory.matches("\\d+[mMgG]")) {
            throw new BadInputException("--memory", "must be like 2g or 512m, got \"" + memory + "\"");
        }
        Optional<State> already = running();
        if (already.isPresent()) {
            throw new BadInputException(stateDir.toString(), "a cluster started from here is already running at "
                    + already.get().masterUrl() + "; `frontier cluster stop` stops it");
        }
        stop(); // what is left of a cluster whose master died: its workers would join the new one unrecorded
        if (!Files.isDirectory(sparkJars)) {
            throw new IllegalStateException("no Spark jars at " + sparkJars + "; build with `mvn package` first");
        }
        if (!free(port)) {
            throw new BadInputException("--port", port + " is in use on 127.0.0.1; choose another with --port");
        }
        Path home = sparkHome();
        Path logs = Files.createDirectories(stateDir.resolve("logs"));
        int masterUi = freePort();
        String masterUrl = "spark://127.0.0.1:" + port;
        Process master = launch(home, logs.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(masterUi));
        List<Process> started = new ArrayList<>(List.of(master));
        try {
            List<Long> workerPids = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(stateDir.resolve("work").resolve("worker-" + i));
                Process w = launch(home, logs.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory, "--webui-port",
                        Integer.toString(freePort()), "--work-dir", work.toString(), masterUrl);
                started.add(w);
                workerPids.add(w.pid());
            }
            State state = new State(masterUrl, "http://127.0.0.1:" + masterUi, master.pid(), workerPids, cores,
                    memory, Instant.now().toString(), logs.toString());
            AtomicFiles.write(stateDir.resolve(STATE), Json.mapper().writer()
                    .with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(state));
            awaitWorkers(state, workers, timeout, started);
            return state;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            Files.deleteIfExists(stateDir.resolve(STATE));
            throw e;
        }
    }

    /** Stops the recorded cluster's processes (workers first); returns how many were still running. */
    public int stop() throws IOException, InterruptedException {
        Path file = stateDir.resolve(STATE);
        if (!Files.exists(file)) return 0;
        State s = Json.mapper().readValue(file.toFile(), State.class);
        List<Long> pids = new ArrayList<>(s.workerPids());
        pids.add(s.masterPid());
        int stopped = 0;
        for (long pid : pids) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(this::ours);
            if (p.isEmpty()) continue;
            stopped++;
            List<ProcessHandle> children = p.get().descendants().toList();
            p.get().destroy();
            try {
                p.get().onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                p.get().destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        Files.deleteIfExists(file);
        return stopped;
    }

    /** The master's view: workers alive, cores, running applications (its JSON endpoint). */
    public JsonNode status(State s) throws IOException, InterruptedException {
        return status(HttpClient.newHttpClient(), s);
    }

    private static JsonNode status(HttpClient http, State s) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.webUi() + "/json/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    private void awaitWorkers(State s, int workers, Duration timeout, List<Process> started)
            throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : started) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited at start (exit " + p.exitValue()
                            + "); see " + s.logs());
                }
            }
            try {
                if (status(http, s).path("aliveworkers").asInt() >= workers) return;
            } catch (IOException notYet) {
                // the master's web UI is not up yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the workers did not register with " + s.masterUrl() + " within "
                + timeout.toSeconds() + " s; see " + s.logs());
    }

    /** SPARK_HOME for the cluster: jars/ is the build's Spark jars, conf/ quiet logging. */
    private Path sparkHome() throws IOException {
        Path home = Files.createDirectories(stateDir.resolve("spark-home"));
        Path jars = home.resolve("jars");
        if (Files.isSymbolicLink(jars) || Files.exists(jars)) Files.delete(jars);
        Files.createSymbolicLink(jars, sparkJars);
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = stderr",
                "appender.stderr.type = Console", "appender.stderr.name = stderr", "appender.stderr.target = SYSTEM_ERR",
                "appender.stderr.layout.type = PatternLayout",
                "appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex",
                "logger.deploy.name = org.apache.spark.deploy", "logger.deploy.level = info",
                "logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader", "logger.hadoop.level = error", ""));
        return home;
    }

    private Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        command.add(marker());
        command.add("-cp");
        command.add(home.resolve("conf") + ":" + home.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(stateDir.resolve("local")).toString());
        env.put("SPARK_SCALA_VERSION", SCALA);
        env.put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private String marker() {
        return "-Dfrontier.cluster=" + stateDir;
    }

    private boolean ours(ProcessHandle p) {
        return p.isAlive() && p.info().arguments().map(a -> Arrays.asList(a).contains(marker())).orElse(false);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
