package dev.frontier.sweeps.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTest {
    @Test
    void builtinsAreDeterministicAndShaped() {
        for (String name : Builtin.keys()) {
            int features = name.equals("shapes") ? 64 : 5;
            Dataset a = Builtin.generate(name, 300, features, 4, 7);
            Dataset b = Builtin.generate(name, 300, features, 4, 7);
            Dataset c = Builtin.generate(name, 300, features, 4, 8);
            assertArrayEquals(a.x(), b.x(), name);
            assertArrayEquals(a.labels(), b.labels(), name);
            assertFalse(Arrays.equals(a.x(), c.x()), name + " depends on its seed");
            assertEquals(300, a.rows());
            assertEquals(features, a.features());
            assertEquals(4, a.classes());
            assertEquals(name, a.name());
            for (float v : a.x()) assertTrue(Float.isFinite(v));
        }
    }

    /** Each shape's pixels, averaged over many images: bars lie along their axis, the box has a hollow middle. */
    @Test
    void shapesDrawWhatTheirClassSays() {
        Dataset d = Builtin.generate("shapes", 500, 256, 5, 3);
        for (int i = 0; i < 50; i++) {
            int k = d.labels()[i];
            int side = 16;
            // the ink of the image's rows and columns: a horizontal bar fills few rows, a vertical bar few columns
            int inkedRows = 0;
            int inkedColumns = 0;
            for (int r = 0; r < side; r++) {
                boolean row = false;
                boolean column = false;
                for (int c = 0; c < side; c++) {
                    row |= d.x()[i * 256 + r * side + c] > 0.5f;
                    column |= d.x()[i * 256 + c * side + r] > 0.5f;
                }
                if (row) inkedRows++;
                if (column) inkedColumns++;
            }
            if (k == 0) assertTrue(inkedRows < inkedColumns, "a horizontal bar, image " + i);
            if (k == 1) assertTrue(inkedColumns < inkedRows, "a vertical bar, image " + i);
            for (int p = 0; p < 256; p++) assertTrue(d.x()[i * 256 + p] >= 0 && d.x()[i * 256 + p] <= 1);
        }
        assertArrayEquals(new int[]{100, 100, 100, 100, 100}, d.classCounts());
        assertThrowsSide(63);
        assertThrowsSide(49);
    }

    private static void assertThrowsSide(int pixels) {
        assertThrows(IllegalArgumentException.class,
                () -> Builtin.generate("shapes", 10, pixels, 2, 0));
    }

    @Test
    void spiralsAndBlobsAreBalanced() {
        assertArrayEquals(new int[]{100, 100, 100}, Builtin.generate("spirals", 300, 2, 3, 0).classCounts());
        assertArrayEquals(new int[]{75, 75, 75, 75}, Builtin.generate("blobs", 300, 2, 4, 0).classCounts());
    }

    @Test
    void scaledByMultipliesEveryFeatureOfBothPartsAndNothingElse() {
        Split s = Split.of(Builtin.generate("blobs", 100, 3, 2, 1), 0.2, 0);
        Split x10 = s.scaledBy(10);
        for (List<Dataset> pair : List.of(List.of(s.train(), x10.train()), List.of(s.validation(), x10.validation()))) {
            Dataset a = pair.get(0);
            Dataset b = pair.get(1);
            for (int i = 0; i < a.x().length; i++) assertEquals((float) (a.x()[i] * 10.0), b.x()[i]);
            assertArrayEquals(a.labels(), b.labels());
        }
    }

    @Test
    void theChanceLossIsTheEntropyOfTheClasses() {
        assertEquals(Math.log(3), Builtin.generate("spirals", 300, 2, 3, 0).chanceLoss(), 1e-12);
        // 1 of class 0, 3 of class 1: -(1/4 ln 1/4 + 3/4 ln 3/4)
        Dataset skewed = new Dataset("skewed", 4, 1, 2, new float[4], new int[]{0, 1, 1, 1}, List.of("x"),
                List.of("a", "b"));
        assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), skewed.chanceLoss(), 1e-12);
    }

    @Test
    void spiralArmsStayInTheUnitDisc() {
        Dataset d = Builtin.generate("spirals", 600, 2, 3, 1);
        for (int i = 0; i < d.rows(); i++) {
            double r = Math.hypot(d.get(i, 0), d.get(i, 1));
            assertTrue(r <= 1.0 + 1e-6, "radius " + r);
        }
    }

    @Test
    void theTeacherUsesEveryClass() {
        int[] counts = Builtin.generate("teacher", 2000, 8, 3, 0).classCounts();
        for (int c : counts) assertTrue(c > 100, Arrays.toString(counts));
    }

    @Test
    void splitsBySeedWithoutLosingExamples() {
        Dataset d = Builtin.generate("blobs", 101, 3, 2, 0);
        Split s = Split.of(d, 0.2, 5);
        assertEquals(20, s.validation().rows());
        assertEquals(81, s.train().rows());
        Split again = Split.of(d, 0.2, 5);
        assertArrayEquals(s.train().x(), again.train().x());
        assertFalse(Arrays.equals(s.train().x(), Split.of(d, 0.2, 6).train().x()));
        double total = 0;
        for (float v : d.x()) total += v;
        double parts = 0;
        for (float v : s.train().x()) parts += v;
        for (float v : s.validation().x()) parts += v;
        assertEquals(total, parts, 1e-3, "the parts hold exactly the examples of the whole");
        assertEquals(1, Split.validationCount(10, 0.01));
        assertEquals(9, Split.validationCount(10, 0.99));
    }

    @Test
    void standardizesWithTheTrainingStatistics() {
        Dataset d = Builtin.generate("blobs", 500, 3, 2, 0);
        Split s = Split.of(d, 0.2, 0).standardized();
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            double sq = 0;
            for (int r = 0; r < s.train().rows(); r++) mean += s.train().get(r, j);
            mean /= s.train().rows();
            for (int r = 0; r < s.train().rows(); r++) sq += Math.pow(s.train().get(r, j) - mean, 2);
            assertEquals(0.0, mean, 1e-5);
            assertEquals(1.0, Math.sqrt(sq / s.train().rows()), 1e-4);
        }
        // validation is scaled with the training statistics, not its own: its mean is not exactly 0
        double vmean = 0;
        for (int r = 0; r < s.validation().rows(); r++) vmean += s.validation().get(r, 0);
        assertTrue(Math.abs(vmean / s.validation().rows()) > 1e-6);
    }
}
