package dev.frontier.driver;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.data.CsvData;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.Split;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks a spec's CSV data on the driver before anything runs, so that a bad file is reported with its line
 * and column (exit 2) instead of failing every trial; the datasets are then broadcast to the executors. A relative
 * path is resolved against the spec file's directory.
 */
final class DataCheck {
    private DataCheck() {
    }

    /** The CSV datasets of {@code spec} by the path written in it (empty for built-in data). */
    static Map<String, Dataset> load(SweepSpec spec, Path specDirectory) {
        Map<String, Dataset> data = new HashMap<>();
        Object csv = spec.fixed().get(Param.CSV);
        if (csv == null) return data;
        Path file = specDirectory.resolve((String) csv).normalize();
        Dataset d = CsvData.read(file, (String) spec.fixed().get(Param.LABEL));
        List<Problem> problems = new ArrayList<>();
        List<Object> batches = values(spec, Param.BATCH_SIZE, 128);
        List<Object> validations = values(spec, Param.VALIDATION, 0.2);
        for (int i = 0; i < batches.size(); i++) {
            int batch = (Integer) batches.get(i);
            for (Object v : validations) {
                int train = d.rows() - Split.validationCount(d.rows(), (Double) v);
                if (batch > train) {
                    problems.add(new Problem(where(spec, Param.BATCH_SIZE, i), "a batch of " + batch
                            + " is larger than the training split of " + file + " (" + train + " of " + d.rows()
                            + " rows after holding out " + v + ")"));
                    break;
                }
            }
        }
        BadInputException.throwIfAny(problems);
        data.put((String) csv, d);
        return data;
    }

    /** SHA-256 (hex) of {@code spec}'s CSV file, or null for built-in data. Call after {@link #load} succeeded. */
    static String fingerprint(SweepSpec spec, Path specDirectory) {
        Object csv = spec.fixed().get(Param.CSV);
        if (csv == null) return null;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(specDirectory.resolve((String) csv).normalize()));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> values(SweepSpec spec, Param p, Object otherwise) {
        return spec.axis(p).map(Axis::values)
                .orElseGet(() -> List.of(spec.fixed().getOrDefault(p, otherwise)));
    }

    private static String where(SweepSpec spec, Param p, int index) {
        return spec.axis(p).isPresent() ? "grid." + p.key() + "[" + index + "]" : p.specPath();
    }
}
