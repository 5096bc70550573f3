package dev.frontier.sweeps.data;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvDataTest {
    @TempDir
    Path dir;

    Path file(String text) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, text);
        return f;
    }

    List<Problem> problems(String text, String label) throws IOException {
        Path f = file(text);
        return assertThrows(BadInputException.class, () -> CsvData.read(f, label)).problems();
    }

    static void assertHas(List<Problem> problems, String where, String message) {
        assertTrue(problems.stream().anyMatch(p -> p.where().endsWith(where) && p.message().contains(message)),
                () -> "expected ..." + where + ": ..." + message + " in " + problems);
    }

    @Test
    void readsFeaturesAndLabels() throws IOException {
        Dataset d = CsvData.read(file("a,species,b\n1.5,setosa,2\n-3,virginica,4e1\n\n0,setosa,0\n"), "species");
        assertEquals(3, d.rows());
        assertEquals(2, d.features());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals(List.of("setosa", "virginica"), d.classNames());
        assertArrayEquals(new float[]{1.5f, 2f, -3f, 40f, 0f, 0f}, d.x());
        assertArrayEquals(new int[]{0, 1, 0}, d.labels());
    }

    @Test
    void anotherDelimiterAndAChosenSetOfFeatureColumns() throws IOException {
        // the unused "name" column holds text and is never parsed; the features come in the order listed
        Dataset d = CsvData.read(file("name;a;y;b\nann;1;x;2\nbob;3;z;4\n"), "y", ';', List.of("b", "a"));
        assertEquals(List.of("b", "a"), d.featureNames());
        assertArrayEquals(new float[]{2f, 1f, 4f, 3f}, d.x());
        Dataset tabs = CsvData.read(file("a\ty\n1\tp\n2\tq\n"), "y", '\t', null);
        assertArrayEquals(new float[]{1f, 2f}, tabs.x());
    }

    @Test
    void aFeatureColumnNotInTheHeaderIsNamedWithTheNearestOne() throws IOException {
        Path f = file("age,income,y\n1,2,a\n3,4,b\n");
        List<Problem> p = assertThrows(BadInputException.class,
                () -> CsvData.read(f, "y", ',', List.of("age", "incme"))).problems();
        assertHas(p, "data.features[1]", "column \"incme\" is not in");
        assertHas(p, "data.features[1]", "did you mean \"income\"?");
    }

    @Test
    void aFileSeparatedByAnotherCharacterIsSuspected() throws IOException {
        List<Problem> p = problems("a;b;y\n1;2;p\n", "a;b;y");
        assertHas(p, "d.csv", "is it separated by another character (data.delimiter)?");
    }

    @Test
    void aRegressionTargetIsANumberPerRowAndTheChanceLossItsVariance() throws IOException {
        Dataset d = CsvData.read(file("a,price\n1,10\n2,20\n3,30\n"), "price", ',', null, true);
        assertTrue(d.isRegression());
        assertArrayEquals(new float[]{10, 20, 30}, d.targets());
        assertEquals(1, d.classes());
        assertEquals(200 / 3.0, d.chanceLoss(), 1e-9, "the squared error of predicting the mean, 20");
        Path f = file("a,price\n1,10\n2,cheap\n");
        List<Problem> p = assertThrows(BadInputException.class, () -> CsvData.read(f, "price", ',', null, true))
                .problems();
        assertHas(p, "line 3, column 2 (price)", "a regression target must be a number, got \"cheap\"");
    }

    @Test
    void numericLabelsSortAsNumbers() throws IOException {
        Dataset d = CsvData.read(file("x,y\n1,10\n2,9\n3,2\n"), "y");
        assertEquals(List.of("2", "9", "10"), d.classNames());
        assertArrayEquals(new int[]{2, 1, 0}, d.labels());
    }

    @Test
    void quotedCellsMayHoldCommas() throws IOException {
        Dataset d = CsvData.read(file("x,\"label, long\"\n1,\"a,b\"\n2,c\n"), "label, long");
        assertEquals(List.of("a,b", "c"), d.classNames());
    }

    @Test
    void namesEveryBadCellByLineAndColumn() throws IOException {
        List<Problem> problems = problems("a,b,y\n1,2,0\n1,x,1\n,2,1\n1,NaN,0\n1,Infinity,0\n1,2\n1,2,\n", "y");
        assertHas(problems, "d.csv line 3, column 2 (b)", "not a number: \"x\"");
        assertHas(problems, "d.csv line 4, column 1 (a)", "empty cell");
        assertHas(problems, "d.csv line 5, column 2 (b)", "must be finite, got NaN");
        assertHas(problems, "d.csv line 6, column 2 (b)", "must be finite, got Infinity");
        assertHas(problems, "d.csv line 7", "has 2 cells, the header has 3");
        assertHas(problems, "d.csv line 8, column 3 (y)", "empty label");
        assertEquals(6, problems.size(), problems::toString);
    }

    @Test
    void refusesFilesThatCannotTrain() throws IOException {
        assertHas(problems("a,y\n1,0\n2,0\n", "y"), "data.label", "has a single class (\"0\")");
        assertHas(problems("a,y\n", "y"), "d.csv", "has no examples after the header row");
        assertHas(problems("", "y"), "d.csv", "is empty");
        assertHas(problems("y\n1\n2\n", "y"), "d.csv", "needs at least one feature column");
        assertHas(problems("a,label\n1,0\n", "lable"), "data.label", "did you mean \"label\"?");
        assertHas(problems("a,a,y\n1,2,0\n", "y"), "d.csv line 1, column 2", "column \"a\" repeats");
        Path missing = dir.resolve("missing.csv");
        assertHas(assertThrows(BadInputException.class, () -> CsvData.read(missing, "y")).problems(),
                "data.csv", "file not found");
    }

    @Test
    void listsTwentyProblemsThenCountsTheRest() throws IOException {
        StringBuilder text = new StringBuilder("a,y\n");
        for (int i = 0; i < 50; i++) text.append("x,1\n");
        List<Problem> problems = problems(text.toString(), "y");
        assertEquals(21, problems.size());
        assertEquals("... and 30 more problems", problems.get(20).message());
    }
}
