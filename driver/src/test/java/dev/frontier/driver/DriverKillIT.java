package dev.frontier.driver;

import dev.frontier.driver.cli.FrontierCommand;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The driver killed with SIGKILL (a real process, not an exception) at several points of a real sweep, and once
 * interrupted with SIGINT (Ctrl-C), then resumed: nothing that was journaled is lost or rewritten, no trial runs twice
 * into the journal, a second run into the directory while one writes it is refused (and a killed run's lock blocks
 * nothing), a line cut short by a crash is reported and dropped, the report is never half-written, and the
 * resumed run's frontier.json is identical to an uninterrupted run's.
 */
class DriverKillIT {
    static final Path DIR = Path.of("target", "driver-kill-it").toAbsolutePath();
    static final String SPEC = """
            name: killed
            data: {builtin: spirals, samples: 800}
            model: {hidden: [32, 32]}
            training: {steps: 300, batchSize: 64}
            grid:
              learningRate: {log: [0.001, 10], perDecade: 2}
              optimizer: [sgd, adam]
              normalization: [none, batchnorm]
              seed: [0]
            """;

    @Test
    void killedAnywhereAndResumedItEndsAsIfNeverInterrupted() throws Exception {
        TestFiles.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        Path spec = Files.writeString(DIR.resolve("killed.yaml"), SPEC);
        int trials = SpecReader.read(spec).trials().size();
        Path run = DIR.resolve("killed");
        Path journal = run.resolve(RunFiles.TRIALS);

        // killed as soon as Spark is up, before any trial finished
        Process p = driver(spec, run, "start.log");
        await(() -> Files.exists(run.resolve("run.json")), p, "Spark started");
        kill(p);
        long before = TestFiles.lines(journal);

        // killed after a few trials
        p = driver(spec, run, "first.log");
        await(() -> TestFiles.lines(journal) >= before + 3, p, "3 trials journaled");
        kill(p);
        // a kill that lands while a pack's lines are being written (one write of several pages) can cut the last one
        // short: every line but that last one is whole, and the next run cuts it off
        byte[] killed = Files.readAllBytes(journal);
        int wholeLines = killed.length;
        while (wholeLines > 0 && killed[wholeLines - 1] != '\n') wholeLines--;
        byte[] afterFirst = Arrays.copyOf(killed, wholeLines);
        List<Problem> torn = ResultStore.read(run).unreadable();
        assertTrue(torn.isEmpty() || torn.size() == 1 && wholeLines < killed.length,
                "every journaled line is whole but at most a last one cut short: " + torn);
        assertCompleteReport(run);

        long firstCount = TestFiles.lines(journal);
        // a crash in the middle of writing a line
        Files.writeString(journal, "{\"trialId\":\"0123456789abcdef\",\"config\":{\"learn", StandardOpenOption.APPEND);

        // killed again, further in
        p = driver(spec, run, "second.log");
        await(() -> TestFiles.lines(journal) >= firstCount + 8, p, "more trials journaled");
        // a second run into the directory while this one writes it: refused at once, nothing changed
        byte[] beforeSecondWriter = Files.readAllBytes(journal);
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertEquals(FrontierCommand.BAD_INPUT, FrontierCommand.execute(new String[]{"run", spec.toString(), "--out",
                run.toString(), "--master", "local[2]"}, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(refused, true, StandardCharsets.UTF_8)));
        String why = refused.toString(StandardCharsets.UTF_8);
        assertTrue(why.contains("is being written by another run (pid " + p.pid() + " on "), why);
        assertEquals(FrontierCommand.BAD_INPUT, FrontierCommand.execute(new String[]{"report", run.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), "report is refused too");
        byte[] afterSecondWriter = Files.readAllBytes(journal);
        assertArrayEquals(beforeSecondWriter, Arrays.copyOf(afterSecondWriter, beforeSecondWriter.length),
                "the refused run wrote nothing into the journal");
        kill(p);
        byte[] afterSecond = Files.readAllBytes(journal);
        assertArrayEquals(afterFirst, Arrays.copyOf(afterSecond, afterFirst.length),
                "the lines journaled before are kept byte for byte; the torn fragment was cut off");
        assertCompleteReport(run);
        assertTrue(Files.readString(DIR.resolve("second.log")).contains("last line was cut short"),
                "the torn line was reported: " + Files.readString(DIR.resolve("second.log")));

        // Ctrl-C: stops within seconds, keeps what finished, writes the final report, exits 130, says how to resume
        long beforeInterrupt = TestFiles.lines(journal);
        p = driver(spec, run, "interrupted.log");
        await(() -> TestFiles.lines(journal) >= beforeInterrupt + 2, p, "2 more trials journaled");
        long sent = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "Ctrl-C stops the sweep");
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertTrue(seconds < 15, "stopped in " + seconds + " s");
        assertEquals(FrontierCommand.INTERRUPTED, p.exitValue());
        String said = Files.readString(DIR.resolve("interrupted.log"));
        assertTrue(said.contains("To resume: ./frontier run " + spec + " --out " + run), said);
        assertFalse(Files.readString(run.resolve(RunFiles.REPORT)).contains("http-equiv=\"refresh\""),
                "the report written at the interrupt is final");
        assertTrue(ResultStore.read(run).unreadable().isEmpty());

        // resumed to the end
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, FrontierCommand.execute(new String[]{"run", spec.toString(), "--out", run.toString(),
                "--master", "local[2]"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        List<String> lines = Files.readAllLines(journal);
        assertEquals(trials, lines.size(), "every trial journaled exactly once");
        List<TrialResult> results = ResultStore.read(run).results();
        assertEquals(SpecReader.read(spec).trials().stream().map(TrialConfig::id).collect(Collectors.toSet()),
                results.stream().map(TrialResult::trialId).collect(Collectors.toSet()));

        Path whole = DIR.resolve("whole");
        assertEquals(0, FrontierCommand.execute(new String[]{"run", spec.toString(), "--out", whole.toString(),
                "--master", "local[2]"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err));
        assertEquals(Files.readString(whole.resolve(RunFiles.FRONTIER)), Files.readString(run.resolve(RunFiles.FRONTIER)),
                "frontier.json of the interrupted and resumed sweep equals the uninterrupted one");
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    static void await(Condition c, Process p, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!c.holds()) {
            if (!p.isAlive()) fail("the driver ended before: " + what);
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    static Process driver(Path spec, Path run, String log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        command.addAll(List.of("-cp", Path.of("target", "frontier.jar").toAbsolutePath() + ":"
                + Path.of("target", "lib").toAbsolutePath() + "/*", "dev.frontier.driver.cli.FrontierCommand",
                "run", spec.toString(), "--out", run.toString(), "--master", "local[2]",
                // small packs: results arrive a few at a time, so each kill finds trials still running; the
                // uninterrupted run below uses the default packs, so its equal frontier.json also says packs do not
                // change results
                "--pack", "4"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(DIR.resolve(log).toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    static void assertCompleteReport(Path run) throws IOException {
        Path report = run.resolve(RunFiles.REPORT);
        if (Files.exists(report)) {
            assertTrue(Files.readString(report).endsWith("</html>\n"), "report.html is never half-written");
        }
    }
}
