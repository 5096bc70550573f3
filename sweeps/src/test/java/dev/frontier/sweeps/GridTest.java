package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {
    @Test
    void expandsTheCartesianProductWithTheLastAxisFastest() {
        SweepSpec spec = new SweepSpec("g", Map.of(Param.STEPS, 50), List.of(
                Axis.of(Param.LEARNING_RATE, 0.1, 1.0),
                Axis.of(Param.OPTIMIZER, "sgd", "adam", "rmsprop")));
        List<TrialConfig> trials = spec.trials();
        assertEquals(6, trials.size());
        assertEquals(List.of(0.1, 0.1, 0.1, 1.0, 1.0, 1.0), trials.stream().map(TrialConfig::learningRate).toList());
        assertEquals(List.of("sgd", "adam", "rmsprop", "sgd", "adam", "rmsprop"),
                trials.stream().map(TrialConfig::optimizer).toList());
        assertTrue(trials.stream().allMatch(t -> t.steps() == 50));
        Set<TrialId> ids = new HashSet<>();
        trials.forEach(t -> ids.add(t.id()));
        assertEquals(6, ids.size(), "every trial of a grid has its own id");
    }

    @Test
    void resolvesEveryDefault() {
        TrialConfig t = new SweepSpec("d", Map.of(), List.of(Axis.of(Param.LEARNING_RATE, 0.5))).trials().get(0);
        assertEquals("spirals", t.builtin());
        assertEquals(2, t.features());
        assertEquals(3, t.classes());
        assertEquals(2000, t.samples());
        assertEquals(0.2, t.validation());
        assertEquals(List.of(128, 128), t.hidden());
        assertEquals("relu", t.activation());
        assertEquals("none", t.normalization());
        assertEquals(300, t.steps());
        assertEquals(128, t.batchSize());
        assertEquals(0, t.warmupSteps());
        assertEquals("constant", t.schedule());
        assertEquals("sgd", t.optimizer());
        assertEquals(0.0, t.weightDecay());
        assertEquals(0, t.seed());
        assertEquals(10.0, t.lossFactor());
        assertEquals(0.9, t.stallRatio());
        assertEquals(null, t.targetLoss());
        assertFalse(t.has(Param.CSV));
        assertFalse(t.has(Param.TARGET_LOSS));
    }

    @Test
    void defaultsFollowTheValuesTheyDependOn() {
        List<TrialConfig> trials = new SweepSpec("d", Map.of(), List.of(Axis.of(Param.LEARNING_RATE, 0.5),
                Axis.of(Param.OPTIMIZER, "adam", "adamw"), Axis.of(Param.BUILTIN, "spirals", "teacher"))).trials();
        assertEquals(List.of(0.0, 0.0, 0.01, 0.01), trials.stream().map(TrialConfig::weightDecay).toList(),
                "adamw decays weights by 0.01 unless weightDecay says otherwise");
        assertEquals(List.of(2, 8, 2, 8), trials.stream().map(TrialConfig::features).toList());
        TrialConfig explicit = new SweepSpec("d", Map.of(Param.WEIGHT_DECAY, 0.0, Param.OPTIMIZER, "adamw"),
                List.of(Axis.of(Param.LEARNING_RATE, 0.5))).trials().get(0);
        assertEquals(0.0, explicit.weightDecay());
    }

    @Test
    void csvDataHasNoBuiltinSize() {
        TrialConfig t = new SweepSpec("c", Map.of(Param.CSV, "x.csv", Param.LABEL, "y"),
                List.of(Axis.of(Param.LEARNING_RATE, 0.5))).trials().get(0);
        assertEquals("x.csv", t.csv());
        assertFalse(t.has(Param.BUILTIN));
        assertFalse(t.has(Param.SAMPLES));
        assertFalse(t.has(Param.FEATURES));
    }

    @Test
    void logSpacedValuesMatchTheFormula() {
        List<Object> values = Axis.logSpaced(1e-4, 10, 2);
        assertEquals(11, values.size());
        for (int k = 0; k < values.size(); k++) {
            double expected = 1e-4 * Math.pow(10, k / 2.0);
            assertEquals(expected, (Double) values.get(k), expected * 5e-4, "value " + k);
        }
        assertEquals(List.of(0.01, 0.02154, 0.04642, 0.1), Axis.logSpaced(0.01, 0.1, 3));
        assertEquals(List.of(0.5), Axis.logSpaced(0.5, 0.5, 4));
        assertEquals(List.of(1.0, 10.0), Axis.logSpaced(1, 20, 1), "the range's end is not passed");
    }

    @Test
    void aConfigChecksItsValues() {
        assertThrows(BadInputException.class, () -> new TrialConfig(Map.of("learningRate", -1.0)));
        assertThrows(BadInputException.class, () -> new TrialConfig(Map.of("learningRate", 1.0, "nope", 1)));
        assertThrows(BadInputException.class, () -> new TrialConfig(Map.of("steps", 3)));
    }

    @Test
    void directoryNamesAreSafe() {
        SweepSpec spec = new SweepSpec("<script>alert(1)</script>", Map.of(),
                List.of(Axis.of(Param.LEARNING_RATE, 0.5)));
        assertEquals("_script_alert_1___script_", spec.directoryName());
        assertEquals("_..", new SweepSpec("..", Map.of(), List.of(Axis.of(Param.LEARNING_RATE, 0.5))).directoryName());
    }
}
