package dev.frontier.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.driver.cli.FrontierCommand;
import dev.frontier.driver.cluster.LocalCluster;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.Json;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and two one-core workers, each its own JVM, started by
 * {@link LocalCluster} from the build's Spark jars), sweeps submitted to it with the README's spark-submit line and
 * frontier-spark.jar: trials spread over executor JVMs, each journaled once, identical to {@code local[2]}; a worker
 * killed with SIGKILL mid-sweep loses nothing; a trial that throws is FAILED after one attempt. The cluster is stopped
 * afterwards whatever happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static Path dir;
    static LocalCluster cluster;
    static LocalCluster.State state;

    static final String SPEC = """
            name: on-a-cluster
            data: {builtin: spirals, samples: 1000}
            model: {hidden: [64, 64]}
            training: {steps: 200, batchSize: 64}
            grid:
              learningRate: {log: [0.001, 10], perDecade: 1}
              optimizer: [sgd, adam]
              normalization: [none, batchnorm]
              seed: [0]
            """;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Path.of("target", "cluster-it").toAbsolutePath();
        TestFiles.deleteRecursively(dir);
        Files.createDirectories(dir);
        cluster = new LocalCluster(dir.resolve("state"), LocalCluster.defaultSparkJars());
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterIT::stopQuietly));
        state = cluster.start(2, 1, "1g", TestFiles.freePort(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        assertTrue(cluster.stop() > 0 || state == null, "the cluster was running until the end");
        String marker = "-Dfrontier.cluster=" + dir.resolve("state").toAbsolutePath().normalize();
        long left = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> Arrays.asList(a).contains(marker)).orElse(false)).count();
        assertEquals(0, left, "no cluster process is left behind");
    }

    static void stopQuietly() {
        try {
            cluster.stop();
        } catch (Exception ignored) {
            // best effort at JVM exit
        }
    }

    @Test
    @Order(1)
    void aSweepSubmittedWithTheReadmeLineSurvivesAKilledWorker() throws Exception {
        Path spec = Files.writeString(dir.resolve("sweep.yaml"), SPEC);
        Path out = dir.resolve("cluster-run");
        Process submit = submit(spec, out, dir.resolve("submit.log"));
        Path journal = out.resolve(RunFiles.TRIALS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        // both executors have trained a pack before one of them is killed
        while (journalExecutors(journal).size() < 2) {
            if (!submit.isAlive()) fail("spark-submit ended early: " + Files.readString(dir.resolve("submit.log")));
            if (System.nanoTime() > deadline) fail("no trials from two executors in 4 minutes");
            Thread.sleep(200);
        }
        long killed = state.workerPids().get(1);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL
        assertTrue(submit.waitFor(6, TimeUnit.MINUTES), "the sweep finished after losing a worker");
        assertEquals(0, submit.exitValue(), Files.readString(dir.resolve("submit.log")));

        List<TrialConfig> trials = SpecReader.read(spec).trials();
        assertEquals(trials.size(), Files.readAllLines(journal).size(), "one line per trial, none twice");
        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(trials.stream().map(TrialConfig::id).collect(Collectors.toSet()),
                results.stream().map(TrialResult::trialId).collect(Collectors.toSet()), "every trial, once");
        Set<String> executors = results.stream().map(r -> r.provenance().executorId()).collect(Collectors.toSet());
        assertTrue(executors.size() >= 2, "trials ran in more than one executor JVM: " + executors);
        assertTrue(results.stream().allMatch(r -> r.provenance().sparkVersion() != null));
        assertTrue(Files.readString(out.resolve(RunFiles.REPORT)).contains("where trials ran"));
        long info = Files.readAllLines(dir.resolve("submit.log")).stream().filter(l -> l.contains(" INFO ")).count();
        assertTrue(info <= 5, "quiet logs under spark-submit too (only Spark's version lines before "
                + "spark.log.level applies): " + info + " INFO lines");
    }

    @Test
    @Order(2)
    void theClusterGivesTheSameMetricsAsLocalMode() throws Exception {
        Path spec = dir.resolve("sweep.yaml");
        Path local = dir.resolve("local-run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = FrontierCommand.execute(new String[]{"run", spec.toString(), "--out", local.toString(),
                "--master", "local[2]"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        Map<TrialId, TrialResult> onCluster = byId(ResultStore.read(dir.resolve("cluster-run")).results());
        Map<TrialId, TrialResult> inLocal = byId(ResultStore.read(local).results());
        assertEquals(onCluster.keySet(), inLocal.keySet());
        for (TrialId id : inLocal.keySet()) {
            TrialResult a = onCluster.get(id);
            TrialResult b = inLocal.get(id);
            assertEquals(b.outcome(), a.outcome(), id.toString());
            assertEquals(b.lossCurve(), a.lossCurve(), "bit-identical loss curve: " + id);
            assertEquals(b.finalLoss(), a.finalLoss());
            assertEquals(b.finalAccuracy(), a.finalAccuracy());
            assertEquals(b.divergedAtStep(), a.divergedAtStep());
        }
    }

    @Test
    @Order(3)
    void aTrialThatThrowsIsFailedWithItsMessageAfterOneAttempt() throws Exception {
        Path spec = Files.writeString(dir.resolve("timeout.yaml"), """
                name: times-out
                data: {builtin: blobs, samples: 400}
                model: {hidden: [16]}
                training: {steps: 100, batchSize: 32, timeoutSeconds: 1.0e-6}
                grid:
                  learningRate: [0.01, 0.1, 1]
                """);
        Path out = dir.resolve("timeout-run");
        Process submit = submit(spec, out, dir.resolve("submit-timeout.log"));
        assertTrue(submit.waitFor(4, TimeUnit.MINUTES));
        assertEquals(FrontierCommand.SOME_FAILED, submit.exitValue(), "done, but trials failed: "
                + Files.readString(dir.resolve("submit-timeout.log")));
        assertTrue(Files.readString(dir.resolve("submit-timeout.log")).contains("3 failed"));
        List<String> lines = Files.readAllLines(out.resolve(RunFiles.TRIALS));
        assertEquals(3, lines.size());
        for (String line : lines) {
            JsonNode r = Json.mapper().readTree(line);
            assertEquals(Outcome.FAILED.name(), r.get("outcome").asText());
            assertTrue(r.get("message").asText().startsWith("timeout: "), r.get("message").asText());
            assertEquals(0, r.get("provenance").get("attempt").asInt(), "attempted once: " + line);
        }
        String html = Files.readString(out.resolve(RunFiles.REPORT));
        assertTrue(html.contains("Failed trials") && html.contains("timeout: still training"));
        assertFalse(Files.readString(dir.resolve("submit-timeout.log")).contains("Lost task"),
                "no task failed, so none was retried");
    }

    /**
     * A plug-in model on the cluster: its jar given with {@code --jars} reaches the executor JVMs, which have only
     * frontier-spark.jar of their own.
     */
    @Test
    @Order(4)
    void aPluginsJarIsShippedToTheExecutors() throws Exception {
        Path jar = Path.of("..", "examples", "plugin", "target", "frontier-example-plugin.jar").toAbsolutePath()
                .normalize();
        assertTrue(Files.isRegularFile(jar), "the example plug-in is built before the driver: " + jar);
        Path spec = Files.writeString(dir.resolve("plugin.yaml"), """
                name: plugin-on-a-cluster
                data: {builtin: spirals, samples: 400}
                model: {class: com.example.frontier.ResidualMlp, width: 16, blocks: 1}
                training: {steps: 50, batchSize: 32}
                grid: {learningRate: [0.01, 0.1, 1], seed: [0, 1]}
                """);
        Path out = dir.resolve("plugin-run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = FrontierCommand.execute(new String[]{"run", spec.toString(), "--out", out.toString(), "--master",
                state.masterUrl(), "--jars", jar.toString()}, new PrintStream(log, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, log.toString(StandardCharsets.UTF_8));
        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(6, results.size());
        for (TrialResult r : results) {
            assertTrue(r.outcome() != Outcome.FAILED, r::toString);
            assertFalse("driver".equals(r.provenance().executorId()), "trained on an executor: " + r.provenance());
        }
    }

    /** The README's standalone spark-submit line, pointed at this cluster, this spec and this directory. */
    static Process submit(Path spec, Path out, Path log) throws IOException {
        List<String> args = readmeSubmitLine();
        List<String> replaced = new ArrayList<>();
        for (String a : args) {
            replaced.add(switch (a) {
                case "spark://HOST:7077" -> state.masterUrl();
                case "driver/target/frontier-spark.jar" ->
                        LocalCluster.defaultSparkJars().resolveSibling("frontier-spark.jar").toString();
                case "sweep.yaml" -> spec.toString();
                case "runs/sweep" -> out.toString();
                default -> a;
            });
        }
        assertFalse(replaced.contains("spark://HOST:7077") || replaced.contains("sweep.yaml"), replaced.toString());
        // packs of 2: ten tasks, so both executors get work and a killed one has a pack in flight
        replaced.addAll(List.of("--pack", "2"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        command.addAll(List.of("-cp", LocalCluster.defaultSparkJars() + "/*", "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(replaced);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** The executors named by the results journaled so far. */
    static Set<String> journalExecutors(Path journal) throws IOException {
        if (!Files.exists(journal)) return Set.of();
        Set<String> executors = new HashSet<>();
        for (String line : Files.readAllLines(journal)) {
            if (line.isBlank()) continue;
            try {
                executors.add(Json.mapper().readTree(line).path("provenance").path("executorId").asText());
            } catch (JsonProcessingException torn) {
                // a line being written
            }
        }
        return executors;
    }

    /** The arguments after {@code spark-submit} in the README's block marked "spark-submit: standalone". */
    static List<String> readmeSubmitLine() throws IOException {
        Path readme = Path.of("..", "README.md");
        List<String> lines = Files.readAllLines(readme);
        int at = lines.indexOf("<!-- spark-submit: standalone -->");
        assertTrue(at >= 0, "README has the standalone spark-submit block");
        StringBuilder command = new StringBuilder();
        for (int i = at + 2; !lines.get(i).startsWith("```"); i++) {
            command.append(lines.get(i).replaceAll("\\\\$", "")).append(' ');
        }
        List<String> words = new ArrayList<>(Arrays.asList(command.toString().trim().split("\\s+")));
        assertEquals("spark-submit", words.remove(0));
        return words;
    }

    static Map<TrialId, TrialResult> byId(List<TrialResult> results) {
        return results.stream().collect(Collectors.toMap(TrialResult::trialId, Function.identity()));
    }
}
