package dev.frontier.driver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    @Test
    void thePaceIsTheLaterHalfsSoASlowStartDoesNotInflateTheEta() {
        // 10 s of start-up, then a trial every 2 s
        List<Long> finishedAt = new ArrayList<>();
        for (int i = 0; i < 10; i++) finishedAt.add((long) ((10 + 2 * i) * 1e9));
        assertEquals(2.0, Progress.secondsPerTrial(finishedAt, 30), 1e-9);
        assertEquals(10.0, Progress.secondsPerTrial(finishedAt.subList(0, 3), 30), 1e-9,
                "with few trials, elapsed over done");
    }

    @Test
    void resultsThatArriveInBurstsGiveThePaceOfTheBursts() {
        // 2 s of start-up, then a pack of 10 every 5 s, its members taken microseconds apart
        List<Long> finishedAt = new ArrayList<>();
        for (int pack = 0; pack < 4; pack++) {
            for (int m = 0; m < 10; m++) finishedAt.add((long) ((2 + 5 * pack) * 1e9) + 1000L * m);
        }
        assertEquals(0.5, Progress.secondsPerTrial(finishedAt, 18), 1e-3, "10 trials per 5 s");
        assertEquals(17.0 / 10, Progress.secondsPerTrial(finishedAt.subList(0, 10), 17), 1e-9,
                "one burst so far: elapsed over done");
    }

    @Test
    void clockReadsLikeAWatch() {
        assertEquals("0:07", Progress.clock(7.4));
        assertEquals("2:05", Progress.clock(125));
        assertEquals("1:00:00", Progress.clock(3600));
    }

    @Test
    void aSearchsNextRoundRaisesTheTotalAndGetsALineAsItBeginsAndEnds() {
        java.io.StringWriter text = new java.io.StringWriter();
        Progress p = new Progress(new java.io.PrintWriter(text), false, 10);
        dev.frontier.sweeps.TrialConfig c = dev.frontier.sweeps.TrialConfig.resolve(
                java.util.Map.of(dev.frontier.sweeps.Param.LEARNING_RATE, 0.1));
        for (int i = 0; i < 10; i++) p.record(dev.frontier.sweeps.TrialResult.failed(c, "x", 0, null));
        p.more(10);
        assertTrue(p.line().startsWith("  round 2 · 10/20 trials"), p.line());
        p.record(dev.frontier.sweeps.TrialResult.failed(c, "x", 0, null));
        List<String> lines = text.toString().lines().toList();
        assertEquals(11, lines.size(), "a line at each tenth of the first round, then as the second begins: " + lines);
        assertTrue(lines.get(10).startsWith("  round 2 · 11/20"), lines.get(10));
        for (int i = 0; i < 8; i++) p.record(dev.frontier.sweeps.TrialResult.failed(c, "x", 0, null));
        assertEquals(11, text.toString().lines().count(), "nothing within the round");
        p.record(dev.frontier.sweeps.TrialResult.failed(c, "x", 0, null));
        assertEquals(12, text.toString().lines().count(), "and a line as it ends");
        p.more(0);
        assertTrue(p.line().startsWith("  round 2 · 20/20"), "no round without trials: " + p.line());
    }
}
