package dev.frontier.driver;

import dev.frontier.reports.ConfigurationFrontier;
import dev.frontier.reports.Frontier;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The boundary search end to end on built-in data, real training through the controller and a thread pool: against a
 * full grid at the same resolution over the same range, it needs at most 35% of the trials and its brackets hold the
 * same boundaries.
 */
class BoundarySearchTest {
    static final String SPEC = """
            name: search
            data: {builtin: blobs, samples: 300}
            model: {hidden: [8]}
            training: {steps: 40, batchSize: 32}
            grid:
              learningRate: LR
              optimizer: [sgd, adam]
              seed: [0]
            """;

    static Frontier run(String learningRate, Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC.replace("LR", learningRate), "search.yaml", "search");
        SweepController.Summary summary = SweepController.run(SweepPlanner.plan(spec, dir, dir.resolve("run"), false,
                false), SweepLoopTest.options(), new PrintWriter(new StringWriter()), () -> new LocalTrials(2));
        return summary.frontier();
    }

    @Test
    void findsTheFullGridsBoundariesWithAThirdOfItsTrials(@TempDir Path dir) throws Exception {
        Frontier grid = run("{log: [1.0e-3, 10], perDecade: 10}", dir.resolve("grid"));
        Frontier search = run("{search: frontier, range: [1.0e-3, 10], resolution: 0.1}", dir.resolve("search"));
        assertEquals(82, grid.counts().finished());
        assertTrue(search.counts().finished() <= 0.35 * grid.counts().finished(),
                search.counts().finished() + " trials against the grid's " + grid.counts().finished());
        for (int i = 0; i < 2; i++) {
            ConfigurationFrontier g = grid.configurations().get(i);
            ConfigurationFrontier s = search.configurations().get(i);
            assertEquals(g.configuration(), s.configuration());
            assertNotNull(g.firstUnstableLearningRate(), g.label() + " has a boundary inside the range");
            assertNotNull(s.firstUnstableLearningRate(), s.label());
            assertTrue(s.bracketDecades() <= 0.1 + 1e-9, s.label() + ": bracket " + s.bracketDecades());
            // both brackets hold the boundary: they overlap
            assertTrue(s.maxStableLearningRate() < g.firstUnstableLearningRate()
                            && g.maxStableLearningRate() < s.firstUnstableLearningRate(),
                    s.label() + ": search [" + s.maxStableLearningRate() + ", " + s.firstUnstableLearningRate()
                            + "), grid [" + g.maxStableLearningRate() + ", " + g.firstUnstableLearningRate() + ")");
        }
    }

    @Test
    void aSearchStoppedAfterItsFirstRoundsAndRunAgainWritesTheSameFrontier(@TempDir Path dir) throws Exception {
        SweepSpec spec = SpecReader.parse(SPEC.replace("LR", "{search: frontier, range: [1.0e-3, 10], resolution: 0.05}"),
                "search.yaml", "search");
        Path whole = dir.resolve("whole");
        SweepController.Summary uninterrupted = SweepController.run(SweepPlanner.plan(spec, dir, whole, false, false),
                SweepLoopTest.options(), new PrintWriter(new StringWriter()), () -> new LocalTrials(2));

        Path resumed = dir.resolve("resumed");
        // the first run stops after two rounds (the coarse grid and one of probes), as if killed between them
        SweepController.Summary first = SweepController.run(SweepPlanner.plan(spec, dir, resumed, false, false),
                SweepLoopTest.options(), new PrintWriter(new StringWriter()), () -> new LocalTrials(2), plan -> {
                    dev.frontier.sweeps.Search search = plan.search();
                    return new dev.frontier.sweeps.Search() {
                        int asked;

                        @Override
                        public List<dev.frontier.sweeps.TrialConfig> ask() {
                            return asked++ < 2 ? search.ask() : List.of();
                        }

                        @Override
                        public void tell(List<dev.frontier.sweeps.TrialResult> results) {
                            search.tell(results);
                        }
                    };
                });
        assertTrue(first.ran() < uninterrupted.ran(), first.ran() + " of " + uninterrupted.ran());
        SweepController.Summary second = SweepController.run(SweepPlanner.plan(spec, dir, resumed, false, false),
                SweepLoopTest.options(), new PrintWriter(new StringWriter()), () -> new LocalTrials(2));
        assertEquals(first.ran(), second.reused(), "every trial of the first run is reused");
        assertEquals(uninterrupted.ran(), first.ran() + second.ran(), "and nothing is run twice");
        assertEquals(java.nio.file.Files.readString(whole.resolve("frontier.json")),
                java.nio.file.Files.readString(resumed.resolve("frontier.json")));
    }
}
