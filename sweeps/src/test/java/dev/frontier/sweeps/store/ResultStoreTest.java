package dev.frontier.sweeps.store;

import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultStoreTest {
    @TempDir
    Path dir;

    static TrialResult result(double lr, Outcome outcome) {
        TrialConfig c = TrialConfig.resolve(Map.of(Param.LEARNING_RATE, lr));
        return new TrialResult(c.id(), c, outcome, 3, outcome == Outcome.DIVERGED ? 2 : null, 1.1, Double.NaN, 0.9,
                0.5, 1.2, null, List.of(new CurvePoint(0, 1.1), new CurvePoint(2, null)), 0.25, null,
                new Provenance("h", "0", "17", "1.0.0-M2.1", "4.2.0", "0.1", "2026-01-01T00:00:00Z"));
    }

    @Test
    void roundTripsEveryField() {
        TrialResult r = result(0.1, Outcome.DIVERGED);
        try (ResultStore store = ResultStore.open(dir)) {
            assertTrue(store.append(r));
        }
        List<TrialResult> back = ResultStore.read(dir).results();
        assertEquals(List.of(r), back);
        assertNull(back.get(0).finalLoss(), "a non-finite loss is stored as null");
    }

    /** A line of format 1 (no metrics, no format) and one from a later format (fields unknown here) still read. */
    @Test
    void olderAndNewerJournalLinesRead() throws IOException {
        TrialResult first = withMetrics(result(0.1, Outcome.CONVERGED));
        TrialResult second = withMetrics(result(0.2, Outcome.CONVERGED));
        String line = Json.mapper().writeValueAsString(first);
        assertTrue(line.contains("\"format\":2"), line);
        assertTrue(line.contains("\"metrics\":{\"peakLossRatio\":1.3}"), line);
        String older = line.replace(",\"metrics\":{\"peakLossRatio\":1.3}", "").replace(",\"format\":2", "");
        String newer = Json.mapper().writeValueAsString(second)
                .replace("\"format\":2", "\"format\":3,\"someLaterField\":{\"a\":[1,2]}");
        Files.writeString(dir.resolve(RunFiles.TRIALS), older + "\n" + newer + "\n");
        ResultStore.Contents back = ResultStore.read(dir);
        assertTrue(back.unreadable().isEmpty(), back.unreadable().toString());
        assertEquals(2, back.results().size());
        assertEquals(Map.of(), back.results().get(0).metrics(), "format 1 has no metrics");
        assertEquals(1.3, back.results().get(1).metric(TrialResult.PEAK_LOSS_RATIO));
        assertEquals(second, back.results().get(1));
    }

    static TrialResult withMetrics(TrialResult r) {
        return new TrialResult(r.trialId(), r.config(), r.outcome(), r.stepsRun(), r.divergedAtStep(), r.initialLoss(),
                r.finalLoss(), r.bestLoss(), r.finalAccuracy(), r.validationLoss(), r.stepsToTarget(), r.lossCurve(),
                r.wallSeconds(), r.message(), r.provenance(), 1.09, Map.of(TrialResult.PEAK_LOSS_RATIO, 1.3));
    }

    @Test
    void writesOneFlatJsonLinePerTrialThatPandasCanRead() throws IOException {
        try (ResultStore store = ResultStore.open(dir)) {
            store.append(result(0.1, Outcome.CONVERGED));
            store.append(result(0.2, Outcome.DIVERGED));
        }
        List<String> lines = Files.readAllLines(dir.resolve(RunFiles.TRIALS));
        assertEquals(2, lines.size());
        String line = lines.get(0);
        assertTrue(line.startsWith("{\"trialId\":\""), line);
        assertTrue(line.contains("\"config\":{\"builtin\":\"spirals\""), line);
        assertTrue(line.contains("\"finalLoss\":null"), line);
        assertTrue(line.contains("\"lossCurve\":[[0,1.1],[2,null]]"), line);
        assertFalse(line.contains("NaN"), line);
    }

    @Test
    void resultsThatArriveTogetherAreWrittenOnceEachAndOnlyTheNewOnesAcknowledged() throws IOException {
        TrialResult a = result(0.1, Outcome.CONVERGED);
        TrialResult b = result(0.2, Outcome.DIVERGED);
        TrialResult c = result(0.3, Outcome.STALLED);
        try (ResultStore store = ResultStore.open(dir)) {
            assertEquals(List.of(a), store.appendAll(List.of(a)));
            assertEquals(List.of(b, c), store.appendAll(List.of(a, b, c, b)), "known and repeated ids are left out");
            assertEquals(List.of(), store.appendAll(List.of(c)));
        }
        assertEquals(3, Files.readAllLines(dir.resolve(RunFiles.TRIALS)).size());
        assertEquals(List.of(a, b, c), ResultStore.read(dir).results());
    }

    @Test
    void neverWritesATrialTwice() throws IOException {
        TrialResult r = result(0.1, Outcome.CONVERGED);
        try (ResultStore store = ResultStore.open(dir)) {
            assertTrue(store.append(r));
            assertFalse(store.append(r));
        }
        try (ResultStore store = ResultStore.open(dir)) {
            assertTrue(store.contains(r.trialId()));
            assertFalse(store.append(r), "ids already in the journal are known after reopening");
        }
        assertEquals(1, Files.readAllLines(dir.resolve(RunFiles.TRIALS)).size());
    }

    @Test
    void reportsATornLastLineAndKeepsTheRest() throws IOException {
        try (ResultStore store = ResultStore.open(dir)) {
            store.append(result(0.1, Outcome.CONVERGED));
        }
        Files.writeString(dir.resolve(RunFiles.TRIALS), "{\"trialId\":\"00", StandardOpenOption.APPEND);
        ResultStore.Contents contents = ResultStore.read(dir);
        assertEquals(1, contents.results().size());
        assertEquals(1, contents.unreadable().size());
        assertTrue(contents.unreadable().get(0).where().endsWith("trials.jsonl line 2"));
        assertTrue(contents.unreadable().get(0).message().contains("cut short"));
    }

    @Test
    void aCorruptLineInTheMiddleIsReportedAndSkipped() throws IOException {
        try (ResultStore store = ResultStore.open(dir)) {
            store.append(result(0.1, Outcome.CONVERGED));
        }
        Files.writeString(dir.resolve(RunFiles.TRIALS), "not json\n", StandardOpenOption.APPEND);
        try (ResultStore store = ResultStore.open(dir)) {
            store.append(result(0.2, Outcome.CONVERGED));
        }
        ResultStore.Contents contents = ResultStore.read(dir);
        assertEquals(2, contents.results().size());
        assertEquals(1, contents.unreadable().size());
        assertTrue(contents.unreadable().get(0).where().endsWith("trials.jsonl line 2"));
        assertTrue(contents.unreadable().get(0).message().startsWith("unreadable trial record"));
    }

    @Test
    void atomicWritesReplaceWholeFiles() throws IOException {
        Path f = dir.resolve("x.json");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertEquals("two", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void atomicWritesGetTheSamePermissionsAsAnyNewFile() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.write(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic),
                "the user's umask applies, so a report others should read is readable");
    }

    @Test
    void aTornLastLineIsCutOffBeforeAppending() throws IOException {
        TrialResult a = result(0.1, Outcome.CONVERGED);
        TrialResult b = result(0.2, Outcome.CONVERGED);
        try (ResultStore store = ResultStore.open(dir)) {
            store.append(a);
        }
        Path journal = dir.resolve(RunFiles.TRIALS);
        String whole = Files.readString(journal);
        Files.writeString(journal, "{\"trialId\":\"0123", java.nio.file.StandardOpenOption.APPEND);
        try (ResultStore store = ResultStore.open(dir)) {
            assertTrue(store.repaired().isPresent());
            assertTrue(store.repaired().get().message().contains("cut short (16 bytes"), store.repaired().get().message());
            assertTrue(store.append(b));
        }
        ResultStore.Contents contents = ResultStore.read(dir);
        assertEquals(List.of(), contents.unreadable());
        assertEquals(List.of(a.trialId(), b.trialId()), contents.results().stream().map(TrialResult::trialId).toList());
        assertTrue(Files.readString(journal).startsWith(whole), "the complete lines are kept byte for byte");
        try (ResultStore store = ResultStore.open(dir)) {
            assertTrue(store.repaired().isEmpty(), "a whole journal needs no repair");
        }
    }

    /** A result whose curve is {@code points} long and whose message has characters of several bytes in UTF-8. */
    static TrialResult long_(double lr, int points) {
        TrialResult r = result(lr, Outcome.CONVERGED);
        List<CurvePoint> curve = new java.util.ArrayList<>();
        for (int i = 0; i < points; i++) curve.add(new CurvePoint(i, 1.0 / (i + 1 + lr)));
        return new TrialResult(r.trialId(), r.config(), r.outcome(), points, null, 1.0, 0.1, 0.1, 0.9, 0.2, null,
                curve, 0.5, "é ✕ ∞", r.provenance());
    }

    @Test
    void resultsReadWithoutCurvesGetEachCurveBackFromItsLine() throws IOException {
        List<TrialResult> written = List.of(long_(0.1, 200), long_(0.2, 3), long_(0.3, 150), long_(0.4, 1));
        try (ResultStore store = ResultStore.open(dir)) {
            store.appendAll(written.subList(0, 2));
        }
        // a damaged line between them: offsets after it must still be right
        Files.writeString(dir.resolve(RunFiles.TRIALS), "{not json é}\n", StandardOpenOption.APPEND);
        try (ResultStore store = ResultStore.open(dir)) {
            store.appendAll(written.subList(2, 4));
            for (TrialResult r : written) {
                assertEquals(r.lossCurve(), store.curve(r.withoutCurve()), "the open store reads back " + r.trialId());
            }
        }
        ResultStore.Contents lean = ResultStore.read(dir, false);
        assertEquals(1, lean.unreadable().size());
        assertEquals(written.stream().map(TrialResult::withoutCurve).toList(), lean.results());
        assertTrue(lean.results().stream().allMatch(r -> r.lossCurve().isEmpty()));
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i).lossCurve(), lean.curve(lean.results().get(i)));
        }
        assertEquals(written, ResultStore.read(dir).results(), "read with curves, the results are whole");
    }
}
