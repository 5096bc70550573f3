package dev.frontier.driver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.driver.cli.FrontierCommand;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.Json;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.worker.TrialRunner;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole sweep through the command line, real Spark {@code local[2]} and real ND4J: the journal, the frontier and the
 * report; results identical to training the same trials directly; each result journaled as its task finishes; and a
 * second run into the same directory runs nothing again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepIT {
    @TempDir
    static Path dir;

    static final String SPEC = """
            name: end-to-end
            data:
              builtin: spirals
              samples: 400
            model:
              hidden: [16, 16]
            training:
              steps: 80
              batchSize: 32
              targetLoss: 0.9
            grid:
              learningRate: [0.01, 0.3, 1000]
              warmupSteps: [0, 20]
              optimizer: [sgd, adam]
              normalization: [none, batchnorm]
              seed: [0]
            """;

    record Run(int exit, String out, String err) {
    }

    static Run frontier(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = FrontierCommand.execute(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }

    static Path spec() throws IOException {
        Path file = dir.resolve("end-to-end.yaml");
        if (!Files.exists(file)) Files.writeString(file, SPEC);
        return file;
    }

    static Path runDir() {
        return dir.resolve("run");
    }

    @Test
    @Order(1)
    void aSweepRunsEndToEndAndJournalsEachTrialAsItFinishes() throws Exception {
        Path journal = runDir().resolve(RunFiles.TRIALS);
        Set<Long> sizesSeen = new TreeSet<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                try {
                    if (Files.exists(journal)) sizesSeen.add(Files.lines(journal).count());
                    Thread.sleep(10);
                } catch (Exception ignored) {
                    // the file is being appended to; look again
                }
            }
        });
        watcher.start();
        Run r;
        try {
            r = frontier("run", spec().toString(), "--out", runDir().toString(), "--master", "local[2]");
        } finally {
            running.set(false);
            watcher.join();
        }
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("24/24 trials"), r.out());
        assertTrue(r.out().contains("Report:"), r.out());

        SweepSpec spec = SpecReader.read(spec());
        ResultStore.Contents contents = ResultStore.read(runDir());
        assertTrue(contents.unreadable().isEmpty());
        List<String> lines = Files.readAllLines(journal);
        assertEquals(24, lines.size(), "one line per trial");
        Set<TrialId> expected = spec.trials().stream().map(TrialConfig::id).collect(Collectors.toSet());
        assertEquals(expected, contents.results().stream().map(TrialResult::trialId).collect(Collectors.toSet()));

        assertTrue(sizesSeen.stream().anyMatch(n -> n > 0 && n < 24),
                "the journal grew while the sweep ran, not all at the end: sizes seen " + sizesSeen);

        for (TrialResult t : contents.results()) {
            assertNotNull(t.provenance().sparkVersion(), "spark version recorded");
            assertNotNull(t.provenance().executorId(), "executor recorded");
            assertNotNull(t.provenance().nd4jVersion());
            if (t.config().learningRate() == 1000) {
                assertEquals(Outcome.DIVERGED, t.outcome(), "lr 1000 diverges: " + t.config());
                assertNotNull(t.divergedAtStep());
            }
            assertTrue(t.lossCurve().size() <= 200);
        }
        JsonNode line = Json.mapper().readTree(lines.get(0));
        for (String key : List.of("trialId", "config", "outcome", "stepsRun", "divergedAtStep", "initialLoss",
                "finalLoss", "bestLoss", "finalAccuracy", "stepsToTarget", "lossCurve", "wallSeconds", "provenance")) {
            assertTrue(line.has(key), "trials.jsonl has " + key + ": " + line);
        }
        assertTrue(line.get("config").has("learningRate") && line.get("config").has("hidden"));
    }

    @Test
    @Order(2)
    void sparkResultsAreTheSameAsTrainingDirectly() throws IOException {
        Map<TrialId, TrialResult> byId = ResultStore.read(runDir()).results().stream()
                .collect(Collectors.toMap(TrialResult::trialId, Function.identity()));
        SweepSpec spec = SpecReader.read(spec());
        for (TrialConfig c : List.of(spec.trials().get(0), spec.trials().get(7), spec.trials().get(13))) {
            TrialResult direct = TrialRunner.run(c);
            TrialResult viaSpark = byId.get(c.id());
            assertEquals(direct.outcome(), viaSpark.outcome());
            assertEquals(direct.lossCurve(), viaSpark.lossCurve(), "bit-identical loss curve for " + c);
            assertEquals(direct.finalLoss(), viaSpark.finalLoss());
            assertEquals(direct.finalAccuracy(), viaSpark.finalAccuracy());
        }
    }

    @Test
    @Order(3)
    void theFrontierAndTheReportAreWritten() throws IOException {
        JsonNode frontier = Json.mapper().readTree(runDir().resolve(RunFiles.FRONTIER).toFile());
        assertEquals(8, frontier.get("configurations").size(), "warm-up × optimizer × normalization");
        JsonNode first = frontier.get("configurations").get(0);
        for (String key : List.of("configuration", "bestLearningRate", "maxStableLearningRate", "lrSensitivity")) {
            assertTrue(first.has(key), key);
        }
        assertTrue(frontier.get("gains").size() > 0);
        assertTrue(frontier.get("findings").size() > 0);
        assertEquals(24, frontier.get("counts").get("finished").asInt());

        String html = Files.readString(runDir().resolve(RunFiles.REPORT));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("http-equiv=\"refresh\""), "a finished run's report does not refresh itself");
        assertFalse(html.contains("running:"), "no running banner when done");
        assertEquals(4, TestFiles.count(html, "<figure class=\"panel\"><figcaption>optimizer="),
                "one phase diagram per optimizer × normalization");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no network requests");

        List<String> csv = Files.readAllLines(runDir().resolve(RunFiles.TRIALS_CSV));
        assertEquals(25, csv.size(), "header and one row per trial");
        assertEquals(9, Files.readAllLines(runDir().resolve(RunFiles.FRONTIER_CSV)).size());
        assertTrue(Files.exists(runDir().resolve(RunFiles.SPEC)));
        assertEquals(SPEC, Files.readString(runDir().resolve(RunFiles.SPEC)), "the spec as run is kept");
    }

    @Test
    @Order(4)
    void runningAgainRunsNothingAndWritesNothingTwice() throws IOException {
        String frontierBefore = Files.readString(runDir().resolve(RunFiles.FRONTIER));
        Run r = frontier("run", spec().toString(), "--out", runDir().toString(), "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("24 trials (24 already finished)"), r.out());
        assertEquals(24, Files.readAllLines(runDir().resolve(RunFiles.TRIALS)).size());
        assertEquals(frontierBefore, Files.readString(runDir().resolve(RunFiles.FRONTIER)));
    }

    @Test
    @Order(5)
    void theReportCanBeRebuiltFromTheJournal() throws IOException {
        String before = Files.readString(runDir().resolve(RunFiles.FRONTIER));
        Files.delete(runDir().resolve(RunFiles.FRONTIER));
        Files.delete(runDir().resolve(RunFiles.REPORT));
        Run r = frontier("report", runDir().toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(before, Files.readString(runDir().resolve(RunFiles.FRONTIER)));
        assertTrue(Files.exists(runDir().resolve(RunFiles.REPORT)));
    }

    @Test
    @Order(6)
    void twoRunsCanBeCompared() throws IOException {
        Path variant = Files.writeString(dir.resolve("variant.yaml"), SPEC.replace("name: end-to-end", "name: variant")
                .replace("steps: 80", "steps: 40"));
        Path runB = dir.resolve("run-b");
        assertEquals(0, frontier("run", variant.toString(), "--out", runB.toString(), "--master", "local[2]").exit());
        Path html = dir.resolve("compare.html");
        Run r = frontier("compare", runDir().toString(), runB.toString(), "--out", html.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("training.steps: 80 → 40"), r.out());
        assertTrue(r.out().contains("median over"), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("end-to-end vs variant"));
        assertEquals(2, frontier("compare", runDir().toString(), dir.resolve("missing").toString()).exit());
    }
}
