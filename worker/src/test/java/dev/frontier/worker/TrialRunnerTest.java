package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRunnerTest {
    static TrialConfig config(Object... keysAndValues) {
        Map<Param, Object> m = new java.util.EnumMap<>(Param.class);
        m.put(Param.STEPS, 60);
        m.put(Param.BATCH_SIZE, 32);
        m.put(Param.SAMPLES, 400);
        m.put(Param.HIDDEN, List.of(32, 32));
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((Param) keysAndValues[i], keysAndValues[i + 1]);
        return TrialConfig.resolve(m);
    }

    @Test
    void aModestLearningRateTrains() {
        TrialResult r = TrialRunner.run(config(Param.LEARNING_RATE, 0.01, Param.OPTIMIZER, "adam",
                Param.BUILTIN, "blobs", Param.STEPS, 100));
        assertEquals(Outcome.CONVERGED, r.outcome(), () -> r.toString());
        assertEquals(100, r.stepsRun());
        assertEquals(Math.log(3), r.initialLoss(), 0.6, "the first loss of 3 classes is near ln 3");
        assertTrue(r.finalLoss() < 0.5 * r.initialLoss(), r::toString);
        assertTrue(r.finalAccuracy() > 0.9, r::toString);
        assertNotNull(r.validationLoss());
        assertTrue(r.bestLoss() <= r.finalLoss() + 1e-9);
        assertEquals(r.config().id(), r.trialId());
    }

    @Test
    void aHugeLearningRateDivergesAndStopsAtOnce() {
        TrialResult r = TrialRunner.run(config(Param.LEARNING_RATE, 50.0, Param.OPTIMIZER, "sgd"));
        assertEquals(Outcome.DIVERGED, r.outcome());
        assertNotNull(r.divergedAtStep());
        assertEquals(r.divergedAtStep() + 1, r.stepsRun(), "no step runs after the diverging one");
        assertTrue(r.stepsRun() < 60);
        assertNull(r.finalAccuracy());
    }

    @Test
    void aTinyLearningRateStalls() {
        TrialResult r = TrialRunner.run(config(Param.LEARNING_RATE, 1e-6, Param.OPTIMIZER, "sgd"));
        assertEquals(Outcome.STALLED, r.outcome());
    }

    @Test
    void theSameConfigGivesTheSameCurveBitForBitInAnyThread() throws Exception {
        TrialConfig c = config(Param.LEARNING_RATE, 0.1, Param.OPTIMIZER, "momentum", Param.NORMALIZATION, "batchnorm",
                Param.WARMUP_STEPS, 10);
        TrialResult first = TrialRunner.run(c);
        TrialResult second = TrialRunner.run(c);
        assertEquals(first.lossCurve(), second.lossCurve());
        assertEquals(first.finalLoss(), second.finalLoss());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TrialResult> a = pool.submit(() -> TrialRunner.run(c));
            Future<TrialResult> b = pool.submit(() -> TrialRunner.run(c.with(Param.SEED, 1)));
            assertEquals(first.lossCurve(), a.get().lossCurve(), "concurrent trials match sequential ones");
            assertNotEquals(first.lossCurve(), b.get().lossCurve(), "another seed trains differently");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void everyKnobReachesTheTraining() {
        TrialConfig base = config(Param.LEARNING_RATE, 0.05, Param.OPTIMIZER, "sgd", Param.STEPS, 20);
        List<Double> base2 = TrialRunner.run(base).lossCurve().stream().map(p -> p.loss()).toList();
        for (TrialConfig changed : List.of(base.with(Param.NORMALIZATION, "batchnorm"),
                base.with(Param.NORMALIZATION, "layernorm"), base.with(Param.ACTIVATION, "gelu"),
                base.with(Param.WARMUP_STEPS, 5), base.with(Param.SCHEDULE, "cosine"),
                base.with(Param.WEIGHT_DECAY, 0.5), base.with(Param.BATCH_SIZE, 16),
                base.with(Param.STANDARDIZE, true), base.with(Param.OPTIMIZER, "rmsprop"))) {
            TrialResult r = TrialRunner.run(changed);
            assertNotEquals(Outcome.FAILED, r.outcome(), r::message);
            assertNotEquals(base2, r.lossCurve().stream().map(p -> p.loss()).toList(), changed.toString());
        }
    }

    @Test
    void aTrialThatThrowsIsFailedWithItsMessage() {
        TrialConfig csv = TrialConfig.resolve(Map.of(Param.CSV, "x.csv", Param.LABEL, "y", Param.LEARNING_RATE, 0.1));
        TrialResult r = TrialRunner.run(csv, null);
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("was not provided"), r.message());
        assertTrue(r.message().startsWith("IllegalArgumentException"), r.message());
    }

    @Test
    void recordsProvenance() {
        TrialResult r = TrialRunner.run(config(Param.LEARNING_RATE, 0.01, Param.STEPS, 2));
        assertEquals(System.getProperty("java.version"), r.provenance().javaVersion());
        assertEquals(System.getProperty("frontier.test.nd4jVersion"), r.provenance().nd4jVersion(),
                "the version the build resolved (pom.xml's nd4j.version)");
        assertNotNull(r.provenance().host());
        assertTrue(r.wallSeconds() > 0);
    }

    @Test
    void aTrialPastItsTimeoutIsFailedWithTheReason() {
        TrialResult r = TrialRunner.run(config(Param.LEARNING_RATE, 0.01, Param.TIMEOUT_SECONDS, 1e-9));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().startsWith("timeout: still training at step 0 of 60"), r.message());
        assertTrue(r.message().contains("training.timeoutSeconds = 1.0E-9"), r.message());

        TrialResult generous = TrialRunner.run(config(Param.LEARNING_RATE, 0.01, Param.TIMEOUT_SECONDS, 1e6));
        TrialResult none = TrialRunner.run(config(Param.LEARNING_RATE, 0.01));
        assertEquals(none.lossCurve(), generous.lossCurve(), "a limit that is not reached changes nothing");
    }

    @Test
    void inputScaleMultipliesTheFeaturesTheTrialSees() {
        TrialConfig plain = config(Param.LEARNING_RATE, 0.05, Param.OPTIMIZER, "sgd", Param.BUILTIN, "blobs",
                Param.STEPS, 40);
        TrialResult base = TrialRunner.run(plain);
        TrialResult one = TrialRunner.run(plain.with(Param.INPUT_SCALE, 1.0));
        assertEquals(base.lossCurve(), one.lossCurve(), "a scale of 1 changes nothing");
        TrialResult hundred = TrialRunner.run(plain.with(Param.INPUT_SCALE, 100.0));
        assertNotEquals(base.initialLoss(), hundred.initialLoss(), "inputs 100 times larger give other logits");
        assertNull(plain.inputScale(), "no scale unless set: the trial ids of existing sweeps stay as they were");
    }

    @Test
    void aRegressionTrainsOnTheTeachersTargetAndReportsRSquared() {
        TrialResult r = TrialRunner.run(config(Param.TASK, "regression", Param.BUILTIN, "teacher",
                Param.LEARNING_RATE, 0.01, Param.OPTIMIZER, "adam", Param.STEPS, 300, Param.SAMPLES, 1000));
        assertEquals(Outcome.CONVERGED, r.outcome(), r::toString);
        assertNull(r.finalAccuracy(), "a regression has no accuracy");
        double r2 = r.metric(TrialResult.R2);
        assertTrue(r2 > 0.5 && r2 <= 1, "R² " + r2);
        // R² and the validation loss (the mean squared error) say the same thing about the same split
        assertTrue(r.validationLoss() > 0);
        assertTrue(r.chanceLoss() > r.validationLoss(), "training beats predicting the mean: " + r);
        TrialResult huge = TrialRunner.run(config(Param.TASK, "regression", Param.BUILTIN, "teacher",
                Param.LEARNING_RATE, 100.0, Param.OPTIMIZER, "sgd", Param.SAMPLES, 1000));
        assertEquals(Outcome.DIVERGED, huge.outcome(), huge::toString);
    }
}
