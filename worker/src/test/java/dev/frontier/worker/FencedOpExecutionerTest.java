package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FencedOpExecutionerTest {
    @Test
    void trialsRunOnTheFencedExecutioner() {
        TrialConfig c = TrialConfig.resolve(Map.of(Param.LEARNING_RATE, 0.1, Param.STEPS, 5, Param.HIDDEN,
                List.of(8), Param.SAMPLES, 200, Param.BATCH_SIZE, 32));
        TrialResult r = TrialRunner.run(c);
        assertNotEquals(Outcome.FAILED, r.outcome(), r.message());
        assertInstanceOf(FencedOpExecutioner.class, Nd4j.getExecutioner());
    }
}
