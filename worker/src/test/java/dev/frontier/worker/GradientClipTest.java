package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClipTest {
    @Test
    void rowsAboveTheirThresholdAreScaledToItAndTheOthersAreUntouched() {
        Nd4jRuntime.ensureReady();
        int n = 1000;
        double[] scales = {0.01, 3.0, 50.0, 2.0};
        double[] thresholds = {1.0, 1.0, Double.NaN, 0.5};
        float[][] rows = new float[scales.length][n];
        Random random = new Random(7);
        for (int p = 0; p < rows.length; p++) {
            for (int i = 0; i < n; i++) rows[p][i] = (float) (scales[p] * random.nextGaussian());
        }
        INDArray grads = Nd4j.createFromArray(rows);
        boolean[] clipped = GradientClip.apply(grads, thresholds);
        for (int p = 0; p < rows.length; p++) {
            double norm = 0;
            for (float v : rows[p]) norm += (double) v * v;
            norm = Math.sqrt(norm);
            boolean expectClip = !Double.isNaN(thresholds[p]) && norm > thresholds[p];
            assertEquals(expectClip, clipped[p], "row " + p + " of norm " + norm);
            float[] after = grads.getRow(p).toFloatVector();
            double afterNorm = 0;
            for (int i = 0; i < n; i++) {
                // clip_grad_norm_: g * max_norm / (total_norm + 1e-6) when that factor is below 1
                double expected = expectClip ? rows[p][i] * thresholds[p] / (norm + 1e-6) : rows[p][i];
                assertEquals(expected, after[i], 1e-6 * Math.abs(expected) + 1e-12, "row " + p + " element " + i);
                afterNorm += (double) after[i] * after[i];
            }
            if (expectClip) assertEquals(thresholds[p], Math.sqrt(afterNorm), 1e-5 * thresholds[p]);
            else assertArrayEquals(rows[p], after, "an unclipped row is left bit for bit");
        }
        assertFalse(clipped[0]);
        assertTrue(clipped[1] && clipped[3]);
    }

    static TrialConfig config(Object clipNorm, double lr, int seed) {
        return TrialRunnerTest.config(Param.OPTIMIZER, "sgd", Param.LEARNING_RATE, lr, Param.SEED, seed,
                Param.CLIP_NORM, clipNorm, Param.STEPS, 30, Param.HIDDEN, List.of(12, 8), Param.SAMPLES, 300,
                Param.BATCH_SIZE, 24);
    }

    @Test
    void aTrialRecordsTheFractionOfItsStepsThatWereClipped() {
        TrialResult always = TrialRunner.run(config(1e-4, 0.1, 0));
        assertEquals(1.0, always.metric(TrialResult.CLIPPED_FRACTION), "a tiny threshold clips every step");
        TrialResult never = TrialRunner.run(config(1e6, 0.1, 0));
        assertEquals(0.0, never.metric(TrialResult.CLIPPED_FRACTION));
        TrialResult none = TrialRunner.run(config("none", 0.1, 0));
        assertNull(none.metric(TrialResult.CLIPPED_FRACTION), "no clipping, no fraction");
        assertEquals(PackedTrainingTest.numbers(none).subList(1, 10), PackedTrainingTest.numbers(never).subList(1, 10),
                "a threshold never reached changes nothing");
        // this network's gradient norms start near 0.3 and fall as it trains
        TrialResult some = TrialRunner.run(config(0.3, 0.1, 0));
        double f = some.metric(TrialResult.CLIPPED_FRACTION);
        assertTrue(f > 0 && f < 1, "a threshold inside the gradient norms' range clips some steps: " + f);
    }

    @Test
    void clippingBoundsEachSgdStepSoAHugeRateNoLongerExplodesAtOnce() {
        TrialResult unclipped = TrialRunner.run(config("none", 30.0, 0));
        assertEquals(Outcome.DIVERGED, unclipped.outcome());
        TrialResult clipped = TrialRunner.run(config(1e-3, 30.0, 0));
        assertTrue(clipped.stepsRun() > unclipped.stepsRun(), clipped + " vs " + unclipped);
    }

    @Test
    void aClippedMemberIsBitIdenticalAloneAndInAPackWithOtherThresholds() {
        List<TrialConfig> pack = List.of(config(0.5, 0.1, 0), config("none", 0.1, 1), config(2.0, 0.3, 0),
                config(0.05, 0.2, 2));
        List<TrialResult> together = TrialRunner.run(pack, null, TrialRunner.Context.LOCAL);
        for (int i = 0; i < pack.size(); i++) {
            TrialResult alone = TrialRunner.run(pack.get(i));
            assertEquals(PackedTrainingTest.numbers(alone), PackedTrainingTest.numbers(together.get(i)), "member " + i);
            assertEquals(alone.metrics(), together.get(i).metrics());
        }
        assertEquals(DataType.FLOAT, TrialRunner.DTYPE);
    }
}
