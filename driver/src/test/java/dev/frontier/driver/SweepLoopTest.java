package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Search;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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

    static SweepController.Options options() {
        return new SweepController.Options("threads", false, false, null, null, false, null);
    }

    @Test
    void runsEveryTrialOnceJournalsItAndResumesWithoutRunningAgain(@TempDir Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC, "loop.yaml", "loop");
        Path run = dir.resolve("run");
        AtomicInteger started = new AtomicInteger();
        StringWriter said = new StringWriter();
        SweepController.Summary summary = SweepController.run(SweepPlanner.plan(spec, dir, run, false, false), options(),
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
        // the driver kept no curves; the report read back those it draws (every seed at up to 3 rates of 2 configs)
        long drawn = java.util.regex.Pattern.compile("<polyline[^>]*points=\"[0-9][^\"]*\"><title>learning rate "
                + "[^<]*, seed ").matcher(Files.readString(run.resolve(RunFiles.REPORT))).results().count();
        assertTrue(drawn >= 4 && drawn <= 12, drawn + " curves drawn");

        // a trial through the loop (in a pack, on a pool thread) has exactly the numbers it has alone
        TrialResult journaled = results.get(7);
        TrialResult alone = TrialRunner.run(journaled.config());
        assertEquals(alone.lossCurve(), journaled.lossCurve());
        assertEquals(alone.finalAccuracy(), journaled.finalAccuracy());

        // resumed: nothing to run, nothing started, nothing written
        byte[] before = Files.readAllBytes(run.resolve(RunFiles.TRIALS));
        SweepController.Summary again = SweepController.run(SweepPlanner.plan(spec, dir, run, false, false), options(),
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
        SweepPlanner.Plan stale = SweepPlanner.plan(spec, dir, run, false, false); // made while another run was finishing
        assertEquals(20, stale.todo().size());
        SweepController.run(SweepPlanner.plan(spec, dir, run, false, false), options(), new PrintWriter(new StringWriter()),
                () -> new LocalTrials(2));
        byte[] journal = Files.readAllBytes(run.resolve(RunFiles.TRIALS));
        AtomicInteger started = new AtomicInteger();
        SweepController.Summary summary = SweepController.run(stale, options(), new PrintWriter(new StringWriter()), () -> {
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
        SweepController.Summary summary = SweepController.run(SweepPlanner.plan(spec, dir, run, false, false), options(),
                new PrintWriter(new StringWriter()), () -> new LocalTrials(2));
        assertEquals(10, summary.ran());
        assertEquals(10, summary.frontier().counts().failed());
        assertTrue(ResultStore.read(run).results().stream()
                .allMatch(r -> r.outcome() == Outcome.FAILED && r.message().startsWith("timeout:")));
    }

    @Test
    void aSearchAsksInRoundsIsToldEachRoundInItsOrderAndItsProbesBelongToTheSweep(@TempDir Path dir)
            throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC.replace("optimizer: [sgd, adam]", "optimizer: [sgd]")
                .replace("seed: [0, 1]", "seed: [0]"), "loop.yaml", "loop");
        Path run = dir.resolve("run");
        List<List<TrialConfig>> asked = new ArrayList<>();
        List<List<TrialResult>> told = new ArrayList<>();
        // a probe between the two largest grid rates, once the grid has run: a learning rate no grid lists
        Function<SweepPlanner.Plan, Search> probing = plan -> new Search() {
            int round;

            @Override
            public List<TrialConfig> ask() {
                List<TrialConfig> batch = switch (round++) {
                    case 0 -> plan.todo();
                    case 1 -> List.of(plan.todo().get(0).with(Param.LEARNING_RATE, 10.0));
                    default -> List.of();
                };
                if (!batch.isEmpty()) asked.add(batch);
                return batch;
            }

            @Override
            public void tell(List<TrialResult> results) {
                told.add(results);
            }
        };
        SweepController.Summary summary = SweepController.run(SweepPlanner.plan(spec, dir, run, false, false),
                options(), new PrintWriter(new StringWriter()), () -> new LocalTrials(2), probing);
        assertEquals(6, summary.ran());
        assertEquals(2, told.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(asked.get(i).stream().map(TrialConfig::id).toList(),
                    told.get(i).stream().map(TrialResult::trialId).toList(), "round " + i + " told in asked order");
        }
        assertEquals(6, summary.frontier().counts().finished(), "the probe counts in the frontier");
        assertTrue(summary.frontier().configurations().get(0).points().stream()
                .anyMatch(p -> p.learningRate() == 10.0), "the probe's rate is a point of its configuration");
        assertEquals(6, RunReport.read(run).results().size(), "the probe belongs to the sweep read back");

        SweepPlanner.Plan again = SweepPlanner.plan(spec, dir, run, false, false);
        assertEquals(6, again.finished().size(), "a resumed plan keeps the probe");
        assertEquals(0, again.todo().size());
    }
}
