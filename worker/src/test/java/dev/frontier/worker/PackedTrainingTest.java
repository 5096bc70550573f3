package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trials trained in a pack give exactly the results they give alone, whatever else shares the pack. */
class PackedTrainingTest {
    static List<Arguments> settings() {
        List<Arguments> cases = new ArrayList<>();
        for (String optimizer : List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop")) {
            for (String norm : List.of("none", "batchnorm", "layernorm")) {
                for (String activation : List.of("relu", "tanh", "gelu", "linear")) {
                    cases.add(Arguments.of(optimizer, norm, activation));
                }
            }
        }
        return cases;
    }

    static TrialConfig config(String optimizer, String norm, String activation, double lr, int seed, int warmup,
                              String schedule) {
        return TrialRunnerTest.config(Param.OPTIMIZER, optimizer, Param.NORMALIZATION, norm, Param.ACTIVATION,
                activation, Param.LEARNING_RATE, lr, Param.SEED, seed, Param.WARMUP_STEPS, warmup, Param.SCHEDULE,
                schedule, Param.STEPS, 30, Param.HIDDEN, List.of(12, 8), Param.SAMPLES, 300, Param.BATCH_SIZE, 24);
    }

    /** Everything a result says about training, without its times and provenance. */
    static List<Object> numbers(TrialResult r) {
        return List.of(r.trialId(), r.outcome(), r.stepsRun(), String.valueOf(r.divergedAtStep()),
                String.valueOf(r.initialLoss()), String.valueOf(r.finalLoss()), String.valueOf(r.bestLoss()),
                String.valueOf(r.finalAccuracy()), String.valueOf(r.validationLoss()), r.lossCurve());
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("settings")
    void aMemberIsBitIdenticalToTheSameTrialAloneAndInAnotherPack(String optimizer, String norm, String activation) {
        List<TrialConfig> members = List.of(
                config(optimizer, norm, activation, 0.003, 0, 0, "constant"),
                config(optimizer, norm, activation, 0.05, 1, 5, "cosine"),
                config(optimizer, norm, activation, 200.0, 0, 0, "constant"), // diverges within a few steps
                config(optimizer, norm, activation, 0.02, 0, 10, "step"),
                config(optimizer, norm, activation, 0.3, 1, 0, "constant"));
        Map<Object, List<Object>> alone = new HashMap<>();
        for (TrialConfig c : members) alone.put(c.id(), numbers(TrialRunner.run(c)));

        List<TrialResult> packed = TrialRunner.run(members, null, TrialRunner.Context.LOCAL);
        // another pack: other order, a member left out, one more member that is not in the first
        List<TrialConfig> other = List.of(members.get(4), config(optimizer, norm, activation, 1.0, 2, 3, "constant"),
                members.get(3), members.get(1), members.get(2));
        List<TrialResult> repacked = TrialRunner.run(other, null, TrialRunner.Context.LOCAL);
        for (int i = 0; i < members.size(); i++) {
            TrialResult r = packed.get(i);
            assertEquals(members.get(i).id(), r.trialId(), "results come back in the pack's order");
            assertEquals(alone.get(r.trialId()), numbers(r), "member " + i + " in a pack of 5 vs alone");
            assertEquals(5, r.provenance().packSize());
            assertEquals(members.get(0).id().toString(), r.provenance().pack());
        }
        for (TrialResult r : repacked) {
            if (alone.containsKey(r.trialId())) {
                assertEquals(alone.get(r.trialId()), numbers(r), "in another pack vs alone");
            }
        }
        assertEquals(Outcome.DIVERGED, packed.get(2).outcome(), "the huge learning rate diverges");
    }

    @Test
    void aDivergedMemberStopsAtOnceWhileTheOthersGoOn() {
        List<TrialConfig> pack = List.of(config("sgd", "none", "relu", 500.0, 0, 0, "constant"),
                config("sgd", "none", "relu", 0.05, 0, 0, "constant"));
        List<TrialResult> r = TrialRunner.run(pack, null, TrialRunner.Context.LOCAL);
        assertEquals(Outcome.DIVERGED, r.get(0).outcome());
        assertEquals(r.get(0).divergedAtStep() + 1, r.get(0).stepsRun(), "no step runs after the diverging one");
        assertTrue(r.get(0).wallSeconds() <= r.get(1).wallSeconds());
        assertEquals(30, r.get(1).stepsRun());
        assertTrue(r.get(1).finalAccuracy() != null && r.get(1).validationLoss() != null);
    }

    @Test
    void aPackThatFailsFailsEveryMemberStillTraining() {
        List<TrialConfig> pack = List.of(config("sgd", "none", "relu", 500.0, 0, 0, "constant")
                        .with(Param.TIMEOUT_SECONDS, 1e-9),
                config("sgd", "none", "relu", 0.05, 0, 0, "constant").with(Param.TIMEOUT_SECONDS, 1e-9));
        List<TrialResult> r = TrialRunner.run(pack, null, TrialRunner.Context.LOCAL);
        for (TrialResult result : r) {
            assertEquals(Outcome.FAILED, result.outcome());
            assertTrue(result.message().startsWith("timeout: still training at step 0 of 30"), result.message());
            assertTrue(result.message().endsWith("its share of its pack's time, 2 training together)"), result.message());
        }
    }

    @Test
    void trialsThatDifferInMoreThanTheirLearningRateCannotShareAPack() {
        List<TrialConfig> mixed = List.of(config("sgd", "none", "relu", 0.1, 0, 0, "constant"),
                config("adam", "none", "relu", 0.1, 0, 0, "constant"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrialRunner.run(mixed, null, TrialRunner.Context.LOCAL));
        assertTrue(e.getMessage().contains("cannot share a pack"), e.getMessage());
    }
}
