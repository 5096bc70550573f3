package dev.frontier.sweeps;

import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingAndClippingSpecTest {
    @Test
    void clipNormIsANumberOrNoneAndCanBeAnAxis() {
        SweepSpec s = SpecReaderTest.parse("grid: {learningRate: [0.1], clipNorm: [none, 1, 0.25]}");
        List<TrialConfig> t = s.trials();
        assertNull(t.get(0).clipNorm());
        assertEquals("none", t.get(0).get(Param.CLIP_NORM));
        assertEquals(1.0, t.get(1).clipNorm());
        assertEquals(0.25, t.get(2).clipNorm());
        assertNull(SpecReaderTest.parse("grid: {learningRate: [0.1]}").trials().get(0).get(Param.CLIP_NORM),
                "no clipping by default, and no key: older trial ids stay as they were");
        String m = SpecReaderTest.problems("training: {clipNorm: -1}\ngrid: {learningRate: [0.1], clipNorm: [never]}")
                .toString();
        assertTrue(m.contains("training.clipNorm: must be > 0, got -1.0"), m);
        assertTrue(m.contains("grid.clipNorm[0]: must be a number > 0, or none, got \"never\""), m);
    }

    @Test
    void adaptiveOptimizersTakeAFormPyTorchsByDefault() {
        List<TrialConfig> t = SpecReaderTest.parse("grid: {learningRate: [0.1], optimizer: [sgd, adam, rmsprop]}")
                .trials();
        assertNull(t.get(0).optimizerForm(), "sgd has no form");
        assertEquals("pytorch", t.get(1).optimizerForm());
        assertEquals("pytorch", t.get(2).optimizerForm());
        assertEquals("nd4j", SpecReaderTest.parse("training: {optimizer: adam, optimizerForm: nd4j}\n"
                + "grid: {learningRate: [0.1]}").trials().get(0).optimizerForm());
        String m = SpecReaderTest.problems("training: {optimizerForm: nd4j}\ngrid: {learningRate: [0.1]}").toString();
        assertTrue(m.contains("training.optimizerForm: only adam, adamw, rmsprop take an optimizerForm"), m);
    }

    @Test
    void sharpnessProbesNeedBatchesAndStepsInsideTheRun() {
        TrialConfig t = SpecReaderTest.parse("training: {steps: 100, sharpness: {batches: 4, at: [0, 50]}}\n"
                + "grid: {learningRate: [0.1]}").trials().get(0);
        assertEquals(4, t.sharpnessBatches());
        assertEquals(List.of(0, 50), t.sharpnessAt());
        String m = SpecReaderTest.problems("training: {steps: 100, sharpness: {at: [50, 150]}}\n"
                + "grid: {learningRate: [0.1]}").toString();
        assertTrue(m.contains("training.sharpness.at: needs training.sharpness.batches"), m);
        assertTrue(m.contains("step 150 is not before the end of a 100-step run"), m);
        String order = SpecReaderTest.problems("training: {sharpness: {batches: 2, at: [50, 10]}}\n"
                + "grid: {learningRate: [0.1]}").toString();
        assertTrue(order.contains("training.sharpness.at[1]: steps must go up"), order);
    }

    @Test
    void scalingIsAChoiceAndStandardizeIsItsOlderSpelling() {
        assertEquals("minmax", SpecReaderTest.parse("data: {scaling: minmax}\ngrid: {learningRate: [0.1]}")
                .trials().get(0).scaling());
        assertEquals("standardize", SpecReaderTest.parse("data: {standardize: true}\ngrid: {learningRate: [0.1]}")
                .trials().get(0).scaling());
        assertEquals("none", SpecReaderTest.parse("grid: {learningRate: [0.1]}").trials().get(0).scaling());
        String m = SpecReaderTest.problems("data: {standardize: true, scaling: minmax}\ngrid: {learningRate: [0.1]}")
                .toString();
        assertTrue(m.contains("data.scaling: set data.scaling or data.standardize, not both"), m);
    }

    /** Training rows 0..3 and validation rows, by hand: the statistics come from the training rows alone. */
    @Test
    void minMaxAndStandardizeUseTheTrainingSplitAlone() {
        Dataset train = new Dataset("t", 4, 2, 2, new float[]{0, 10, 2, 10, 4, 10, 6, 10}, new int[]{0, 1, 0, 1},
                List.of("a", "b"), List.of("x", "y"));
        Dataset validation = new Dataset("v", 2, 2, 2, new float[]{100, -5, -2, 10}, new int[]{0, 1},
                List.of("a", "b"), List.of("x", "y"));
        Split split = new Split(train, validation);
        Split minmax = split.minMaxScaled();
        // a: min 0, max 6; b is constant (10) and becomes 0
        assertClose(new double[]{0, 0, 1 / 3.0, 0, 2 / 3.0, 0, 1, 0}, minmax.train());
        // validation values outside the training range go beyond [0, 1]; b's constant is 10, so -5 maps to -15
        assertClose(new double[]{100 / 6.0, -15, -2 / 6.0, 0}, minmax.validation());
        Split z = split.standardized();
        double sd = Math.sqrt(5); // population sd of 0, 2, 4, 6 (mean 3)
        // b is constant: its sd counts as 1, so it is only centred
        assertClose(new double[]{-3 / sd, 0, -1 / sd, 0, 1 / sd, 0, 3 / sd, 0}, z.train());
        assertClose(new double[]{97 / sd, -15, -5 / sd, 0}, z.validation());
    }

    private static void assertClose(double[] expected, Dataset d) {
        assertEquals(expected.length, d.x().length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], d.x()[i], 1e-5, "value " + i);
    }
}
