package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.worker.TrialRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's loop (plan, pack, journal, report, resume) without Spark, through a pool of this JVM's threads. */
class SweepLoopTest {
    static final String SPEC = """
            name: loop
            data: {builtin: blobs, samples: 300}
            model: {hidden: [8]}
            training: {steps: 20, batchSize: 32}
            grid:
              learningRate: [0.001, 0.01, 0.1, 1.0, 100.0]
              optimizer: [sgd, adam]
              seed: [0, 1]
            """;

    static SweepRun.Options options() {
        return new SweepRun.Options("threads", false, false, null, null, false, null);
    }

    @Test
    void runsEveryTrialOnceJournalsItAndResumesWithoutRunningAgain(@TempDir Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC, "loop.yaml", "loop");
        Path run = dir.resolve("run");
        AtomicInteger started = new AtomicInteger();
        StringWriter said = new StringWriter();
        SweepRun.Summary summary = SweepRun.run(SweepRun.plan(spec, dir, run, false, false), options(),
                new PrintWriter(said), () -> {
                    started.incrementAndGet();
                    return new LocalTrials(2);
                });
        assertEquals(20, summary.ran());
        assertTrue(said.toString().contains("20 trials in "), said.toString());

        List<String> lines = Files.readAllLines(run.resolve(RunFiles.TRIALS));
        assertEquals(20, lines.size());
        List<TrialResult> results = ResultStore.read(run).results();
        Set<Object> ids = new HashSet<>();
        results.forEach(r -> ids.add(r.trialId()));
        assertEquals(spec.trials().stream().map(TrialConfig::id).collect(java.util.stream.Collectors.toSet()), ids);
        assertTrue(results.stream().allMatch(r -> r.provenance().executorId().startsWith("frontier-trainer-")));
        assertTrue(results.stream().anyMatch(r -> r.outcome() == Outcome.DIVERGED), "the largest rate diverges");
        assertFalse(Files.readString(run.resolve(RunFiles.REPORT)).contains("http-equiv=\"refresh\""),
                "the report is final");
        assertTrue(Files.exists(run.resolve(RunFiles.FRONTIER)));

        // a trial through the loop (in a pack, on a pool thread) has exactly the numbers it has alone
        TrialResult journaled = results.get(7);
        TrialResult alone = TrialRunner.run(journaled.config());
        assertEquals(alone.lossCurve(), journaled.lossCurve());
        assertEquals(alone.finalAccuracy(), journaled.finalAccuracy());

        // resumed: nothing to run, nothing started, nothing written
        byte[] before = Files.readAllBytes(run.resolve(RunFiles.TRIALS));
        SweepRun.Summary again = SweepRun.run(SweepRun.plan(spec, dir, run, false, false), options(),
                new PrintWriter(new StringWriter()), () -> {
                    started.incrementAndGet();
                    return new LocalTrials(2);
                });
        assertEquals(0, again.ran());
        assertEquals(20, again.reused());
        assertEquals(1, started.get(), "no executor is started when every trial is journaled");
        assertEquals(new String(before), Files.readString(run.resolve(RunFiles.TRIALS)));
    }

    @Test
    void trialsAnotherRunJournaledAfterThePlanWasMadeAreNotRunAgain(@TempDir Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC, "loop.yaml", "loop");
        Path run = dir.resolve("run");
        SweepRun.Plan stale = SweepRun.plan(spec, dir, run, false, false); // made while another run was finishing
        assertEquals(20, stale.todo().size());
        SweepRun.run(SweepRun.plan(spec, dir, run, false, false), options(), new PrintWriter(new StringWriter()),
                () -> new LocalTrials(2));
        byte[] journal = Files.readAllBytes(run.resolve(RunFiles.TRIALS));
        AtomicInteger started = new AtomicInteger();
        SweepRun.Summary summary = SweepRun.run(stale, options(), new PrintWriter(new StringWriter()), () -> {
            started.incrementAndGet();
            return new LocalTrials(2);
        });
        assertEquals(0, summary.ran());
        assertEquals(20, summary.reused());
        assertEquals(20, summary.frontier().counts().finished(), "the report counts what the journal holds");
        assertEquals(0, started.get());
        assertEquals(new String(journal), Files.readString(run.resolve(RunFiles.TRIALS)));
    }

    @Test
    void aPackThatFailsIsJournaledAsFailedAndTheSweepGoesOn(@TempDir Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC.replace("batchSize: 32}", "batchSize: 32, timeoutSeconds: 1.0e-9}")
                .replace("optimizer: [sgd, adam]", "optimizer: [sgd]"), "loop.yaml", "loop");
        Path run = dir.resolve("run");
        SweepRun.Summary summary = SweepRun.run(SweepRun.plan(spec, dir, run, false, false), options(),
                new PrintWriter(new StringWriter()), () -> new LocalTrials(2));
        assertEquals(10, summary.ran());
        assertEquals(10, summary.frontier().counts().failed());
        assertTrue(ResultStore.read(run).results().stream()
                .allMatch(r -> r.outcome() == Outcome.FAILED && r.message().startsWith("timeout:")));
    }
}
