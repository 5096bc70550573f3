package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model behind the public {@link Model} interface trains exactly as the built-in path trains the same network. */
class ModelSeamTest {
    static TrialConfig plugin(String optimizer, String norm, double lr, int seed) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.MODEL_CLASS, MlpPlugin.class.getName());
        m.put(Param.STEPS, 30);
        m.put(Param.BATCH_SIZE, 24);
        m.put(Param.SAMPLES, 300);
        m.put(Param.OPTIMIZER, optimizer);
        m.put(Param.LEARNING_RATE, lr);
        m.put(Param.SEED, seed);
        Map<String, Object> open = new TreeMap<>();
        open.put("model.hidden", List.of(12, 8));
        open.put("model.norm", norm);
        open.put("model.activation", "tanh");
        return TrialConfig.resolve(m, open);
    }

    static TrialConfig builtin(String optimizer, String norm, double lr, int seed) {
        return TrialRunnerTest.config(Param.OPTIMIZER, optimizer, Param.NORMALIZATION, norm, Param.ACTIVATION, "tanh",
                Param.LEARNING_RATE, lr, Param.SEED, seed, Param.STEPS, 30, Param.HIDDEN, List.of(12, 8),
                Param.SAMPLES, 300, Param.BATCH_SIZE, 24);
    }

    /** What a result says about training, without its id, times and provenance. */
    static List<Object> numbers(TrialResult r) {
        return PackedTrainingTest.numbers(r).subList(1, PackedTrainingTest.numbers(r).size());
    }

    @ParameterizedTest(name = "{0}, {1}, lr {2}")
    @CsvSource({"sgd, none, 0.05", "adam, batchnorm, 0.01", "momentum, layernorm, 0.1", "sgd, none, 300"})
    void aPluginTrainsBitForBitLikeTheBuiltInPath(String optimizer, String norm, double lr) {
        TrialResult viaPlugin = TrialRunner.run(plugin(optimizer, norm, lr, 1));
        TrialResult builtIn = TrialRunner.run(builtin(optimizer, norm, lr, 1));
        assertTrue(viaPlugin.outcome() != Outcome.FAILED, viaPlugin::toString);
        assertEquals(numbers(builtIn), numbers(viaPlugin));
        assertEquals(1, viaPlugin.provenance().packSize());
    }

    @Test
    void pluginParametersAreInTheTrialIdAndReachTheModel() {
        TrialConfig a = plugin("sgd", "none", 0.05, 0);
        TrialConfig b = plugin("sgd", "batchnorm", 0.05, 0);
        assertTrue(!a.id().equals(b.id()));
        assertEquals("batchnorm", b.modelParameters().get("norm"));
        assertEquals(List.of(12, 8), b.modelParameters().get("hidden"));
        assertEquals(null, b.hidden(), "the built-in MLP's parameters do not apply to a plug-in");
        long params = TrialRunner.parameters(a, 2, 3);
        assertEquals(PackedMlp.parameterCount(2, List.of(12, 8), 3, false), params);
    }

    @Test
    void aPluginThatCannotBeLoadedFailsItsTrialWithAMessage() {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.MODEL_CLASS, "com.example.Missing");
        m.put(Param.LEARNING_RATE, 0.1);
        TrialResult r = TrialRunner.run(TrialConfig.resolve(m));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("com.example.Missing is not on the classpath"), r.message());
    }
}
