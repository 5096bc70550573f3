package dev.frontier.driver;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.sweeps.store.AtomicFiles;
import dev.frontier.sweeps.store.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code run.json}: where and when a run directory's sweep last ran, so that a report rebuilt later still names its
 * master and start time.
 *
 * @param master     the Spark master URL
 * @param startedAt  when the last run started (ISO-8601)
 * @param finishedAt when it finished, or null while running or if it was interrupted
 * @param sparkVersion the Spark version of the driver
 * @param data       SHA-256 of the CSV data file the trials trained on, or null for built-in data
 */
record RunRecord(String master, String startedAt, String finishedAt, String sparkVersion, String data) {
    static final String FILE = "run.json";

    void write(Path runDir) {
        try {
            AtomicFiles.write(runDir.resolve(FILE),
                    Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record in {@code runDir}, or null when there is none or it cannot be read. */
    static RunRecord read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) return null;
        try {
            return Json.mapper().readValue(file.toFile(), RunRecord.class);
        } catch (IOException e) {
            return null;
        }
    }
}
