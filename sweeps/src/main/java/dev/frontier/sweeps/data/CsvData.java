package dev.frontier.sweeps.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.Suggest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Reads a classification dataset from a CSV file with a header row: the label column may hold any values (they become
 * classes, in sorted order: numerically when every label is a number); every feature column (every other column, or
 * the ones listed) must hold finite numbers, and columns not used may hold anything.
 * Every problem is reported with its line and column, the first {@value #MAX_LISTED} of them one by one.
 */
public final class CsvData {
    static final int MAX_LISTED = 20;

    private CsvData() {
    }

    public static Dataset read(Path file, String label) {
        return read(file, label, ',', null);
    }

    /**
     * The same, with the columns separated by {@code delimiter}, and only the {@code features} columns (in that
     * order) as features when the list is not null.
     */
    public static Dataset read(Path file, String label, char delimiter, List<String> features) {
        return read(file, label, delimiter, features, false);
    }

    /** The same; for {@code regression}, the label column is a numeric target (every cell a finite number). */
    public static Dataset read(Path file, String label, char delimiter, List<String> features, boolean regression) {
        List<Problem> problems = new ArrayList<>();
        Dataset d = read(file, label, delimiter, features, regression, problems);
        if (problems.size() > MAX_LISTED) {
            int more = problems.size() - MAX_LISTED;
            problems = new ArrayList<>(problems.subList(0, MAX_LISTED));
            problems.add(new Problem(file.toString(), "... and " + more + " more problems"));
        }
        BadInputException.throwIfAny(problems);
        return d;
    }

    private static Dataset read(Path file, String label, char delimiter, List<String> selected, boolean regression,
                                List<Problem> problems) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem("data.csv", Files.isDirectory(file) ? name + " is a directory, not a file"
                    : "file not found: " + name));
            return null;
        }
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .enable(CsvParser.Feature.TRIM_SPACES);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = mapper.readerFor(String[].class)
                     .with(mapper.schemaFor(String[].class).withColumnSeparator(delimiter)).readValues(reader)) {
            while (it.hasNextValue()) {
                JsonLocation start = it.getParser().currentLocation();
                rows.add(it.nextValue());
                lines.add((long) start.getLineNr());
            }
        } catch (NoSuchFileException e) {
            problems.add(new Problem("data.csv", "file not found: " + name));
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new Problem(at == null ? name : name + " line " + at.getLineNr(),
                    "not valid CSV: " + e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(name, "cannot be read: " + e.getMessage()));
            return null;
        }
        if (rows.isEmpty()) {
            problems.add(new Problem(name, "is empty: need a header row and at least one example"));
            return null;
        }
        String[] header = rows.get(0);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) problems.add(new Problem(at(name, lines.get(0), c, null), "empty column name"));
            else if (!seen.add(header[c])) {
                problems.add(new Problem(at(name, lines.get(0), c, null), "column \"" + header[c] + "\" repeats"));
            }
        }
        int labelColumn = Arrays.asList(header).indexOf(label);
        if (labelColumn < 0) {
            String hint = Suggest.closest(label, Arrays.asList(header));
            problems.add(new Problem("data.label", "column \"" + label + "\" is not in " + name + "'s header (columns: "
                    + String.join(", ", header) + ")" + (hint == null ? "" : "; did you mean \"" + hint + "\"?")));
            return null;
        }
        List<String> headerNames = Arrays.asList(header);
        int[] featureColumns;
        if (selected == null) {
            featureColumns = IntStream.range(0, header.length).filter(c -> c != labelColumn).toArray();
        } else {
            featureColumns = new int[selected.size()];
            for (int i = 0; i < selected.size(); i++) {
                featureColumns[i] = headerNames.indexOf(selected.get(i));
                if (featureColumns[i] < 0) {
                    String hint = Suggest.closest(selected.get(i), headerNames);
                    problems.add(new Problem("data.features[" + i + "]", "column \"" + selected.get(i) + "\" is not in "
                            + name + "'s header (columns: " + String.join(", ", header) + ")"
                            + (hint == null ? "" : "; did you mean \"" + hint + "\"?")));
                }
            }
            if (!problems.isEmpty()) return null;
        }
        int features = featureColumns.length;
        if (features < 1) {
            problems.add(new Problem(name, "needs at least one feature column besides the label \"" + label + "\""
                    + (header.length == 1 && delimiter == ',' && header[0].matches(".*[;\t|].*")
                    ? "; its header is one column: is it separated by another character (data.delimiter)?" : "")));
            return null;
        }
        int n = rows.size() - 1;
        if (n == 0) {
            problems.add(new Problem(name, "has no examples after the header row"));
            return null;
        }
        float[] x = new float[n * features];
        String[] rawLabels = new String[n];
        List<String> featureNames = new ArrayList<>();
        for (int c : featureColumns) featureNames.add(header[c]);
        int[] featureOf = new int[header.length];
        Arrays.fill(featureOf, -1);
        for (int f = 0; f < featureColumns.length; f++) featureOf[featureColumns[f]] = f;
        for (int r = 0; r < n; r++) {
            String[] row = rows.get(r + 1);
            long line = lines.get(r + 1);
            if (row.length != header.length) {
                problems.add(new Problem(name + " line " + line,
                        "has " + row.length + " cells, the header has " + header.length));
                continue;
            }
            for (int c = 0; c < row.length; c++) {
                String cell = row[c];
                if (c == labelColumn) {
                    if (cell.isEmpty()) problems.add(new Problem(at(name, line, c, header[c]), "empty label"));
                    rawLabels[r] = cell;
                    continue;
                }
                int f = featureOf[c];
                if (f < 0) continue;
                if (cell.isEmpty()) {
                    problems.add(new Problem(at(name, line, c, header[c]), "empty cell"));
                } else {
                    try {
                        double v = Double.parseDouble(cell);
                        if (!Double.isFinite(v)) {
                            problems.add(new Problem(at(name, line, c, header[c]), "must be finite, got " + cell));
                        }
                        x[r * features + f] = (float) v;
                    } catch (NumberFormatException e) {
                        problems.add(new Problem(at(name, line, c, header[c]), "not a number: \"" + cell + "\""));
                    }
                }
            }
        }
        if (!problems.isEmpty()) return null;
        if (regression) {
            float[] targets = new float[n];
            for (int r = 0; r < n; r++) {
                String cell = rawLabels[r];
                String where = at(name, lines.get(r + 1), labelColumn, label);
                try {
                    double v = Double.parseDouble(cell);
                    if (!Double.isFinite(v)) problems.add(new Problem(where, "must be finite, got " + cell));
                    targets[r] = (float) v;
                } catch (NumberFormatException e) {
                    problems.add(new Problem(where, "a regression target must be a number, got \"" + cell
                            + "\""));
                }
            }
            if (!problems.isEmpty()) return null;
            return Dataset.regression(file.getFileName().toString(), n, features, x, targets, featureNames, label);
        }
        List<String> classes = classNames(rawLabels);
        if (classes.size() < 2) {
            problems.add(new Problem("data.label", "column \"" + label + "\" of " + name + " has a single class (\""
                    + classes.get(0) + "\"); need at least 2"));
            return null;
        }
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) labels[r] = classes.indexOf(rawLabels[r]);
        return new Dataset(file.getFileName().toString(), n, features, classes.size(), x, labels, featureNames,
                classes);
    }

    private static String at(String file, long line, int column, String columnName) {
        return file + " line " + line + ", column " + (column + 1) + (columnName == null ? "" : " (" + columnName + ")");
    }

    /** Distinct labels, numerically sorted when all are numbers, else in text order. */
    private static List<String> classNames(String[] raw) {
        Set<String> distinct = new TreeSet<>(Arrays.asList(raw));
        boolean numeric = distinct.stream().allMatch(CsvData::isNumber);
        List<String> names = new ArrayList<>(distinct);
        if (numeric) names.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        return names;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
