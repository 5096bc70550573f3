package dev.frontier.driver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void clockReadsLikeAWatch() {
        assertEquals("0:07", Progress.clock(7.4));
        assertEquals("2:05", Progress.clock(125));
        assertEquals("1:00:00", Progress.clock(3600));
    }
}
