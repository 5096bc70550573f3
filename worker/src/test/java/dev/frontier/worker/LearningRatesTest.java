package dev.frontier.worker;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRatesTest {
    @Test
    void warmupRampsLinearlyThenHolds() {
        ISchedule s = LearningRates.of(0.5, 10, 100, "constant");
        for (int t = 0; t < 10; t++) assertEquals(0.5 * (t + 1) / 10, s.valueAt(t, 0), 1e-15, "step " + t);
        for (int t = 10; t < 100; t++) assertEquals(0.5, s.valueAt(t, 0), 0.0, "step " + t);
        assertEquals(0.05, s.valueAt(0, 0), 1e-15);
        assertEquals(0.5, LearningRates.of(0.5, 0, 100, "constant").valueAt(0, 0));
    }

    @Test
    void cosineDecaysOverTheStepsAfterWarmup() {
        ISchedule s = LearningRates.of(2.0, 20, 120, "cosine");
        assertEquals(2.0 * 5 / 20, s.valueAt(4, 0), 1e-15);
        for (int t = 20; t < 120; t++) {
            double expected = 2.0 * 0.5 * (1 + Math.cos(Math.PI * (t - 20) / 100));
            assertEquals(expected, s.valueAt(t, 0), 1e-12, "step " + t);
        }
        assertEquals(2.0, s.valueAt(20, 0), 1e-15);
        assertEquals(1.0, s.valueAt(70, 0), 1e-12);
    }

    @Test
    void stepDecayCutsTenfoldAtHalfAndThreeQuarters() {
        ISchedule s = LearningRates.of(1.0, 0, 200, "step");
        assertEquals(1.0, s.valueAt(0, 0));
        assertEquals(1.0, s.valueAt(99, 0));
        assertEquals(0.1, s.valueAt(100, 0), 1e-15);
        assertEquals(0.1, s.valueAt(149, 0), 1e-15);
        assertEquals(0.01, s.valueAt(150, 0), 1e-15);
        assertEquals(0.01, s.valueAt(199, 0), 1e-15);
        ISchedule warm = LearningRates.of(1.0, 40, 240, "step");
        assertEquals(1.0, warm.valueAt(139, 0));
        assertEquals(0.1, warm.valueAt(140, 0), 1e-15);
        assertEquals(0.01, warm.valueAt(190, 0), 1e-15);
    }
}
