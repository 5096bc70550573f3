package dev.frontier.driver;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.Sha256;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.data.CsvData;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.data.IdxData;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;
import dev.frontier.sweeps.data.Split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a spec's data files (CSV, or IDX images and labels) on the driver before anything runs, so that a bad file is reported with its line
 * and column (exit 2) instead of failing every trial; the datasets are then broadcast to the executors. A relative
 * path is resolved against the spec file's directory.
 */
final class DataCheck {
    private DataCheck() {
    }

    /**
     * The file datasets of {@code spec} (CSV, or IDX images and labels) by the path written in it (its
     * {@link dev.frontier.sweeps.TrialConfig#dataFile()}); empty for built-in data.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Dataset> load(SweepSpec spec, Path specDirectory) {
        Map<String, Dataset> data = new HashMap<>();
        Object csv = spec.fixed().get(Param.CSV);
        Object images = spec.fixed().get(Param.IMAGES);
        if (csv == null && images == null) return data;
        Path file;
        Dataset d;
        if (csv != null) {
            file = specDirectory.resolve((String) csv).normalize();
            String delimiter = (String) spec.fixed().get(Param.DELIMITER);
            Object features = spec.fixed().get(Param.FEATURES);
            d = CsvData.read(file, (String) spec.fixed().get(Param.LABEL), delimiter == null ? ','
                    : delimiter.equals("\\t") ? '\t' : delimiter.charAt(0),
                    features instanceof List<?> ? (List<String>) features : null,
                    "regression".equals(spec.fixed().get(Param.TASK)));
        } else {
            file = specDirectory.resolve((String) images).normalize();
            d = IdxData.read(file, specDirectory.resolve((String) spec.fixed().get(Param.LABELS)).normalize(),
                    (Integer) spec.fixed().get(Param.CLASSES));
        }
        List<Problem> problems = new ArrayList<>();
        List<Object> batches = values(spec, Param.BATCH_SIZE);
        List<Object> validations = values(spec, Param.VALIDATION);
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
        data.put((String) (csv != null ? csv : images), d);
        return data;
    }

    /** The text of {@code spec}'s DL4J network file by the path the spec gives (empty without one). */
    static Map<String, String> networks(SweepSpec spec, Path specDirectory) {
        Object dl4j = spec.fixed().get(Param.DL4J);
        if (dl4j == null) return Map.of();
        Path file = specDirectory.resolve((String) dl4j).normalize();
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("model.dl4j", Files.isDirectory(file) ? file + " is a directory, not a file"
                    : "file not found: " + file);
        }
        try {
            return Map.of((String) dl4j, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException("model.dl4j", file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Builds each plug-in model and DL4J network of {@code spec} here and trains it one step on its data (at a
     * learning rate too small to matter), so that a network that cannot be built or does not take the data is bad
     * input naming {@code model.class} or {@code model.dl4j}, before any trial runs.
     */
    static void tryModels(SweepSpec spec, TrialInputs inputs) {
        Set<List<Object>> tried = new HashSet<>();
        for (TrialConfig c : spec.trials()) {
            if (c.modelClass() == null && c.dl4j() == null) continue;
            if (!tried.add(List.of(String.valueOf(c.modelClass()), c.modelParameters(), String.valueOf(c.dl4j())))) {
                continue;
            }
            TrialConfig probe = c.with(Param.STEPS, 1).with(Param.WARMUP_STEPS, 0).with(Param.LEARNING_RATE, 1e-9)
                    .with(Param.TIMEOUT_SECONDS, 120.0);
            TrialResult r = TrialRunner.run(probe, inputs.dataFor(c), inputs.networkFor(c));
            if (r.outcome() == Outcome.FAILED) {
                String field = c.dl4j() != null ? "model.dl4j" : "model.class";
                String what = c.dl4j() != null ? c.dl4j() : c.modelClass() + " " + c.modelParameters();
                throw new BadInputException(field, what + " could not train a step on this data: " + r.message());
            }
        }
    }

    /**
     * SHA-256 (hex) of {@code spec}'s data file (for IDX data, of the images file's digest and the labels file's), or
     * null for built-in data. Call after {@link #load} succeeded.
     */
    static String fingerprint(SweepSpec spec, Path specDirectory) {
        String data = dataFingerprint(spec, specDirectory);
        Object dl4j = spec.fixed().get(Param.DL4J);
        if (dl4j == null) return data;
        return (data == null ? "" : data) + NETWORK + sha256(specDirectory.resolve((String) dl4j).normalize());
    }

    /** Where a fingerprint's network part begins: the part before it is the data's (as older records hold alone). */
    static final String NETWORK = ";dl4j=";

    private static String dataFingerprint(SweepSpec spec, Path specDirectory) {
        Object csv = spec.fixed().get(Param.CSV);
        if (csv != null) return sha256(specDirectory.resolve((String) csv).normalize());
        Object images = spec.fixed().get(Param.IMAGES);
        if (images == null) return null;
        return Sha256.hex((sha256(specDirectory.resolve((String) images).normalize()) + sha256(
                specDirectory.resolve((String) spec.fixed().get(Param.LABELS)).normalize()))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of {@code file}'s bytes, in hex. */
    private static String sha256(Path file) {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code p}'s values in {@code spec}: its axis, or its fixed value, or its default. */
    private static List<Object> values(SweepSpec spec, Param p) {
        return spec.axis(p).map(Axis::values)
                .orElseGet(() -> List.of(spec.fixed().getOrDefault(p, p.defaultGiven(Map.of()))));
    }

    private static String where(SweepSpec spec, Param p, int index) {
        return spec.axis(p).isPresent() ? "grid." + p.key() + "[" + index + "]" : p.specPath();
    }
}
