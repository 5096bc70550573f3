package dev.frontier.driver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line without Spark: exit codes, bad-input messages, and that nothing is written for bad input. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> errors() {
            return err.lines().filter(l -> l.startsWith("error: ")).toList();
        }
    }

    static Run frontier(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FrontierCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path spec(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aSpecWithThreeMistakesGetsThreeMessagesEachNamingItsFieldAndExitsTwo() throws IOException {
        Path spec = spec("bad.yaml", """
                name: three-mistakes
                model:
                  hiden: [64]
                training:
                  steps: 100
                grid:
                  learningRate: [0.1, -1]
                  optimizer: [sgd, adamm]
                """);
        List<Path> before = listing();
        Run r = frontier("run", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(3, r.errors().size(), r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("model.hiden") && l.contains("did you mean hidden")),
                r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("grid.learningRate[1]")), r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("grid.optimizer[1]") && l.contains("adam")), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(before, listing(), "nothing written");
    }

    @Test
    void planChecksTheSameThings() throws IOException {
        Path spec = spec("bad.json", "{\"grid\": {\"learningRate\": [0.1], \"warmupSteps\": [500]}, "
                + "\"training\": {\"steps\": 100}}");
        Run r = frontier("plan", spec.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errors().size(), r.err());
        assertTrue(r.errors().get(0).contains("grid.warmupSteps[0]"), r.err());
    }

    @Test
    void planPrintsAxesTrialCountAndWhatIsLeftToRun() throws IOException {
        Path spec = spec("ok.yaml", """
                name: small
                grid:
                  learningRate: {log: [1.0e-3, 1], perDecade: 1}
                  optimizer: [sgd, adam]
                  seed: [0, 1, 2]
                """);
        Path out = dir.resolve("runs-small");
        Run r = frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("small: 24 trials"), r.out());
        assertTrue(r.out().contains("learningRate") && r.out().contains("4 × 0.001, 0.01, 0.1, 1"), r.out());
        assertTrue(r.out().contains("0 finished (reused), 24 new to run"), r.out());
        assertFalse(Files.exists(out), "plan writes nothing");
    }

    @Test
    void aMissingSpecFileIsBadInput() {
        Run r = frontier("run", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.errors().size(), r.err());
        assertTrue(r.errors().get(0).contains("nope.yaml") && r.errors().get(0).contains("not found"), r.err());
    }

    @Test
    void malformedYamlNamesLineAndColumn() throws IOException {
        Path spec = spec("broken.yaml", "grid:\n  learningRate: [0.1, 0.2\n  optimizer: sgd\n");
        Run r = frontier("plan", spec.toString());
        assertEquals(2, r.exit());
        assertTrue(r.errors().get(0).matches(".*broken\\.yaml line \\d+, column \\d+.*"), r.err());
    }

    @Test
    void unknownOptionsAndCommandsAreUsageErrors() {
        assertEquals(2, frontier("run", "--bogus").exit());
        assertEquals(2, frontier("frobnicate").exit());
        assertEquals(2, frontier("run").exit(), "SPEC is required");
    }

    @Test
    void aPackOrScaleBelowOneIsBadInputAndRunsNothing() throws IOException {
        Path spec = spec("s.yaml", "name: s\ngrid:\n  learningRate: [0.1]\n");
        Path out = dir.resolve("out");
        Run r = frontier("run", spec.toString(), "--out", out.toString(), "--pack", "0");
        assertEquals(2, r.exit());
        assertEquals(List.of("error: --pack: must be at least 1, got 0"), r.errors());
        assertFalse(Files.exists(out), "nothing written");
        Run b = frontier("bench", "--scale", "-5");
        assertEquals(2, b.exit());
        assertEquals(List.of("error: --scale: must be at least 1, got -5"), b.errors());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "plan", "report", "compare", "demo", "bench", "cluster")) {
            Run r = frontier(command, "--help");
            assertEquals(0, r.exit(), command);
            assertTrue(r.out().contains("Usage: frontier " + command), r.out());
        }
        Run top = frontier("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("demo"), top.out());
    }

    @Test
    void reportOfADirectoryThatIsNotARunIsBadInput() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Run r = frontier("report", dir.resolve("empty").toString());
        assertEquals(2, r.exit());
        assertTrue(r.errors().get(0).contains("sweep.yaml"), r.err());
        assertEquals(2, frontier("report", dir.resolve("missing").toString()).exit());
    }

    @Test
    void theDemoSpecIsBundledAndValid() throws IOException {
        assertEquals("quickstart", DemoCommand.spec().name());
        assertEquals(0.1, DemoCommand.spec().search().resolution());
        assertEquals(11 * 12 * 3, DemoCommand.spec().trialCount(), "the coarse grid: 11 rates, 12 settings, 3 seeds");
        assertEquals(576, DemoCommand.spec().plannedTrials());
    }

    @Test
    void aRunDirectoryOfADifferentSweepIsRefusedAndFreshStartsOver() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("sweep.yaml"), "name: x\ntraining: {steps: 100, optimizer: sgd}\n"
                + "data: {builtin: blobs}\ngrid: {learningRate: [0.1]}\n");
        journal(run);
        Path changed = spec("changed.yaml", "name: x\ntraining: {steps: 200}\ndata: {builtin: blobs}\n"
                + "grid: {learningRate: [0.1], optimizer: [adam, rmsprop]}\n");
        List<Path> before = listing();
        Run r = frontier("run", changed.toString(), "--out", run.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("training.steps: 100 in ") && l.contains("200 in this"
                + " spec")), r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("grid.optimizer: sgd in ")
                && l.contains("[adam, rmsprop] in this spec")), r.err());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("--fresh")), r.err());
        assertEquals(before, listing(), "nothing written");

        Run fresh = frontier("plan", changed.toString(), "--out", run.toString(), "--fresh");
        assertEquals(0, fresh.exit(), fresh.err());
        assertTrue(fresh.out().contains("starting over (--fresh); 2 to run"), fresh.out());
    }

    @Test
    void planNamesTheModelsParametersAndFlopsAStep() throws IOException {
        // [8] on blobs' 8 features, 3 classes: 8·8 + 8 + 8·3 + 3 = 99 parameters; a step of 128 examples takes
        // 2·128·(3·(64 + 24) − 64) = 51,200 FLOP (the first layer needs no input gradient)
        Path spec = spec("m.yaml", "name: m\ndata: {builtin: blobs}\nmodel: {hidden: [8]}\n"
                + "grid: {learningRate: [0.1]}\n");
        Run r = frontier("plan", spec.toString(), "--out", dir.resolve("m").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("model: [8] on 8 features → 3 classes: 99 parameters, 0.0512 MFLOP a step "
                + "(batch 128); about "), r.out());
        // the expected time is 300 steps at the median time a step of 3 timings: both numbers are printed
        Matcher m = Pattern.compile("about ([0-9.]+) s a trial trained alone \\(([0-9.]+) "
                + "ms a step, the median of 3 timings of 40 steps here").matcher(r.out());
        assertTrue(m.find(), r.out());
        double trial = Double.parseDouble(m.group(1));
        double step = Double.parseDouble(m.group(2)) / 1e3;
        assertEquals(300 * step, trial, 0.1 * 300 * step, "a trial is its steps times a step, to two digits");
        assertFalse(r.out().contains("trials.jsonl"), "timing writes nothing into the run directory");
        assertFalse(Files.exists(dir.resolve("m")));
    }

    /** With training.sharpness, plan times the probes apart from the training, which stays its steps' time. */
    @Test
    void planTimesTheSharpnessApartFromTraining() throws IOException {
        Path spec = spec("s.yaml", "name: s\ndata: {builtin: blobs}\nmodel: {hidden: [8]}\n"
                + "training: {sharpness: {batches: 2, at: [0, 10, 20]}}\ngrid: {learningRate: [0.1]}\n");
        Run r = frontier("plan", spec.toString(), "--out", dir.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        Matcher m = Pattern.compile("about ([0-9.]+) s a trial trained alone \\(([0-9.]+) ms a step, .*; the "
                + "sharpness about ([0-9.]+) s at init per configuration and seed, and as much again for each of the "
                + "2 later steps probed in every trial").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(300 * Double.parseDouble(m.group(2)) / 1e3, Double.parseDouble(m.group(1)),
                0.1 * 300 * Double.parseDouble(m.group(2)) / 1e3, "the probes are not in the time a step");
        assertTrue(Double.parseDouble(m.group(3)) > 0, r.out());
        assertFalse(Files.exists(dir.resolve("s")));
    }

    @Test
    void addingAxisValuesIsAnExtensionNotAConflict() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("sweep.yaml"), "name: x\ngrid: {learningRate: [0.1]}\n"
                + "training: {optimizer: adamw}\n");
        journal(run);
        Path extended = spec("extended.yaml", "name: x\ngrid: {learningRate: [0.1, 1], optimizer: [sgd, adamw], "
                + "seed: [0, 1]}\n");
        Run r = frontier("plan", extended.toString(), "--out", run.toString());
        assertEquals(0, r.exit(), "weightDecay's default follows the optimizer; not a conflict: " + r.err());
        assertTrue(r.out().contains("8 new to run"), r.out());
    }

    @Test
    void aDirectoryWithoutFinishedTrialsIsNeverAConflict() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("sweep.yaml"), "name: x\ntraining: {steps: 100}\ngrid: {learningRate: [0.1]}\n");
        Path changed = spec("changed.yaml", "name: x\ntraining: {steps: 200}\ngrid: {learningRate: [0.1]}\n");
        assertEquals(0, frontier("plan", changed.toString(), "--out", run.toString()).exit());
    }

    @Test
    void aChangedCsvFileIsAConflict() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) csv.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
        Files.writeString(dir.resolve("data.csv"), csv);
        Path spec = spec("csv.yaml", "name: c\ndata: {csv: data.csv, label: y}\ntraining: {batchSize: 8}\n"
                + "grid: {learningRate: [0.1]}\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(spec, run.resolve("sweep.yaml"));
        Files.writeString(run.resolve("run.json"), "{\"master\": \"local[2]\", \"data\": \""
                + "0".repeat(64) + "\"}\n");
        journal(run);
        Run r = frontier("plan", spec.toString(), "--out", run.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.errors().stream().anyMatch(l -> l.contains("data.csv: the file's contents changed")), r.err());
    }

    @Test
    void anUnreadableRunRecordIsBadInputNamingItNotASilentlySkippedCheck() throws IOException {
        Path spec = spec("r.yaml", "name: r\ndata: {builtin: blobs}\ngrid: {learningRate: [0.1]}\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(spec, run.resolve("sweep.yaml"));
        Files.writeString(run.resolve("run.json"), "{\"master\": \"local[2]\", \"data\": ");
        journal(run);
        List<Path> before = listing();
        for (Run r : List.of(frontier("plan", spec.toString(), "--out", run.toString()),
                frontier("report", run.toString()))) {
            assertEquals(2, r.exit(), r.out());
            assertTrue(r.errors().get(0).contains("run.json: cannot be read"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertEquals(before, listing(), "nothing written");
    }

    @Test
    void trialsOfAnOlderFrontierAreNamedNotSilentlyLeftOut() throws IOException {
        Path spec = spec("o.yaml", "name: o\ndata: {builtin: blobs}\ngrid: {learningRate: [0.5]}\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(spec, run.resolve("sweep.yaml"));
        // a trial as an older Frontier recorded it: its config has no stallBaseline
        java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(dev.frontier.sweeps.TrialConfig.resolve(
                java.util.Map.of(dev.frontier.sweeps.Param.LEARNING_RATE, 0.5, dev.frontier.sweeps.Param.BUILTIN,
                        "blobs")).values());
        old.remove("stallBaseline");
        try (var store = dev.frontier.sweeps.store.ResultStore.open(run)) {
            store.append(dev.frontier.sweeps.TrialResult.failed(new dev.frontier.sweeps.TrialConfig(old), "x", 0,
                    null));
        }
        Run plan = frontier("plan", spec.toString(), "--out", run.toString());
        assertEquals(2, plan.exit(), plan.out());
        assertTrue(plan.errors().stream().anyMatch(l -> l.contains("1 trials were recorded by an older Frontier, "
                + "without training.stall.baseline")), plan.err());
        assertTrue(plan.errors().stream().anyMatch(l -> l.contains("--fresh")), plan.err());
        Run report = frontier("report", run.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().contains("warning: ") && report.out().contains("recorded by an older Frontier"),
                report.out());
    }

    /** A journal with one (failed) trial in it, so the directory holds finished work. */
    private static void journal(Path run) {
        try (var store = dev.frontier.sweeps.store.ResultStore.open(run)) {
            store.append(dev.frontier.sweeps.TrialResult.failed(dev.frontier.sweeps.TrialConfig.resolve(
                    java.util.Map.of(dev.frontier.sweeps.Param.LEARNING_RATE, 0.5)), "x", 0, null));
        }
    }

    @Test
    void hugeSweepsNeedYesAndOutsizedModelsAreWarnedAbout() throws IOException {
        Path huge = spec("huge.yaml", """
                name: huge
                grid:
                  learningRate: {log: [1.0e-6, 1.0e+4], perDecade: 10}
                  warmupSteps: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
                  optimizer: [sgd, momentum, nesterov, adam, adamw, rmsprop]
                  normalization: [none, batchnorm, layernorm]
                  seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                """);
        Run r = frontier("run", huge.toString(), "--out", dir.resolve("huge").toString());
        assertEquals(2, r.exit());
        assertTrue(r.errors().get(0).contains("grid: expands to 181,800 trials") && r.errors().get(0).contains("--yes"),
                r.err());
        assertFalse(Files.exists(dir.resolve("huge")));

        Path wide = spec("wide.yaml", "name: wide\ndata: {samples: 200}\nmodel: {hidden: [1024, 1024]}\n"
                + "grid: {learningRate: [0.1]}\n");
        Run w = frontier("plan", wide.toString(), "--out", dir.resolve("wide").toString());
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.out().contains("warning: model.hidden [1024, 1024]: 1,055,747 parameters for 160 training "
                + "examples"), w.out());
    }
}
