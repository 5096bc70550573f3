package dev.frontier.sweeps.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.sweeps.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@value RunFiles#RUN}: where and when a run directory's sweep last ran, so that a report rebuilt later still names
 * its master and start time, and a run can tell whether a CSV file changed under its finished trials.
 *
 * @param master       the Spark master URL
 * @param startedAt    when the last run started (ISO-8601)
 * @param finishedAt   when it finished, or null while running or if it was interrupted
 * @param sparkVersion what ran the trials (Spark's version)
 * @param data         SHA-256 of the CSV data file the trials trained on, or null for built-in data
 */
public record RunRecord(String master, String startedAt, String finishedAt, String sparkVersion, String data) {
    void write(Path runDir) {
        try {
            AtomicFiles.write(runDir.resolve(RunFiles.RUN),
                    Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record in {@code runDir}, or null when there is none; bad input naming the file when it cannot be read. */
    static RunRecord read(Path runDir) {
        Path file = runDir.resolve(RunFiles.RUN);
        if (!Files.exists(file)) return null;
        try {
            return Json.mapper().readValue(file.toFile(), RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file.toString(), "cannot be read (" + e.getOriginalMessage().lines()
                    .findFirst().orElse("") + "); it records where the trials ran and the checksum of their CSV "
                    + "data; delete it to go on without the check that the data is unchanged");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
