package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec rules of data read from files: CSV with a delimiter and chosen features, IDX images and labels. */
class FileDataSpecTest {
    static String problems(String yaml) {
        return SpecReaderTest.problems(yaml).toString();
    }

    @Test
    void csvTakesADelimiterAndAListOfFeatureColumns() {
        TrialConfig t = SpecReaderTest.parse("data: {csv: d.csv, label: y, delimiter: ';', features: [a, b]}\n"
                + "grid: {learningRate: [0.1]}").trials().get(0);
        assertEquals(';', t.delimiter());
        assertEquals(List.of("a", "b"), t.featureColumns());
        assertEquals("d.csv", t.dataFile());
        assertEquals('\t', SpecReaderTest.parse("data: {csv: d.csv, label: y, delimiter: '\\t'}\n"
                + "grid: {learningRate: [0.1]}").trials().get(0).delimiter());
        assertNull(SpecReaderTest.parse("grid: {learningRate: [0.1]}").trials().get(0).featureColumns());
    }

    @Test
    void featureColumnsAndDelimitersOnlyApplyToCsv() {
        String m = problems("data: {features: [a, b], delimiter: ';'}\ngrid: {learningRate: [0.1]}");
        assertTrue(m.contains("data.features: a list of columns only applies to data.csv"), m);
        assertTrue(m.contains("data.delimiter: only applies to data.csv"), m);
        String csv = problems("data: {csv: d.csv, label: y, features: 3, delimiter: ';;'}\n"
                + "grid: {learningRate: [0.1]}");
        assertTrue(csv.contains("data.delimiter: must be one character such as , ; | or \\t"), csv);
        String label = problems("data: {csv: d.csv, label: y, features: [a, y]}\ngrid: {learningRate: [0.1]}");
        assertTrue(label.contains("data.features: lists the label column \"y\" as a feature"), label);
        String repeat = problems("data: {csv: d.csv, label: y, features: [a, a]}\ngrid: {learningRate: [0.1]}");
        assertTrue(repeat.contains("data.features[1]: repeats column \"a\""), repeat);
    }

    @Test
    void idxDataIsAnImagesFileAndALabelsFile() {
        TrialConfig t = SpecReaderTest.parse("data: {images: i.idx.gz, labels: l.idx.gz, classes: 10}\n"
                + "grid: {learningRate: [0.1]}").trials().get(0);
        assertEquals("i.idx.gz", t.dataFile());
        assertNull(t.builtin());
        assertNull(t.get(Param.SAMPLES));
        assertEquals(10, t.classes());
        String m = problems("data: {images: i.idx}\ngrid: {learningRate: [0.1]}");
        assertTrue(m.contains("data.labels: is required with data.images"), m);
        String both = problems("data: {images: i.idx, labels: l.idx, csv: d.csv, label: y}\n"
                + "grid: {learningRate: [0.1]}");
        assertTrue(both.contains("data: set either data.csv or data.images, not both"), both);
        String size = problems("data: {images: i.idx, labels: l.idx, samples: 100}\ngrid: {learningRate: [0.1]}");
        assertTrue(size.contains("data.samples: only applies to built-in data; a set of IDX files has its own "
                + "size"), size);
        String sweep = problems("data: {images: i.idx, labels: l.idx}\ngrid: {learningRate: [0.1], images: [a]}");
        assertTrue(sweep.contains("grid.images: cannot be swept; set data.images instead"), sweep);
    }

    @Test
    void regressionNeedsANumericTarget() {
        TrialConfig t = SpecReaderTest.parse("data: {task: regression, builtin: teacher}\ngrid: {learningRate: [0.1]}")
                .trials().get(0);
        assertTrue(t.regression());
        assertNull(t.get(Param.CLASSES), "a regression has no classes");
        assertEquals(1, t.classes());
        String m = problems("data: {task: regression}\ngrid: {learningRate: [0.1]}");
        assertTrue(m.contains("data.task: regression needs a numeric target: data.csv with its label column, or "
                + "builtin: teacher"), m);
        String cnn = problems("data: {task: regression, builtin: teacher, classes: 3}\nmodel: {type: cnn}\n"
                + "grid: {learningRate: [0.1]}");
        assertTrue(cnn.contains("data.classes: only applies to classification"), cnn);
        assertTrue(cnn.contains("data.task: regression is for the built-in MLP and plug-in models"), cnn);
    }
}
