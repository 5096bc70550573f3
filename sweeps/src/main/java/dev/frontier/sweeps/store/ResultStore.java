package dev.frontier.sweeps.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The append-only journal of a run: {@code trials.jsonl}, one JSON object per finished trial; the lines of results
 * that arrived together go out in one write, forced to disk before any of them is acknowledged (so they survive a
 * killed process and a lost machine alike). A trial id already in the journal is never written again.
 */
public final class ResultStore implements Closeable {
    private final Path file;
    private final java.nio.channels.FileChannel out;
    private final Set<TrialId> written = new HashSet<>();
    private Problem repaired;

    private ResultStore(Path file, java.nio.channels.FileChannel out, Set<TrialId> existing) {
        this.file = file;
        this.out = out;
        this.written.addAll(existing);
    }

    /**
     * Opens (creating when needed) the journal of {@code runDir} for appending. A last line cut short (the writer was
     * killed while writing it) is cut off first, so the next result starts on a line of its own; {@link #repaired}
     * says what was dropped.
     */
    public static ResultStore open(Path runDir) {
        Path file = runDir.resolve(RunFiles.TRIALS);
        try {
            Files.createDirectories(runDir);
            Problem torn = dropTornTail(file);
            Set<TrialId> existing = new HashSet<>();
            if (Files.exists(file)) read(runDir).results().forEach(r -> existing.add(r.trialId()));
            java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            ResultStore store = new ResultStore(file, out, existing);
            store.repaired = torn;
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Appends one result and forces it to disk; returns false (and writes nothing) when the trial is already recorded. */
    public synchronized boolean append(TrialResult result) {
        return !appendAll(List.of(result)).isEmpty();
    }

    /**
     * Appends the results not recorded yet, one line each, in one write forced to disk once, and returns them: a
     * result is acknowledged only after the force. A crash during the write leaves whole lines and at most one cut
     * short, which {@link #open} drops.
     */
    public synchronized List<TrialResult> appendAll(List<TrialResult> results) {
        List<TrialResult> fresh = new ArrayList<>();
        Set<TrialId> ids = new HashSet<>();
        StringBuilder lines = new StringBuilder();
        try {
            for (TrialResult r : results) {
                if (written.contains(r.trialId()) || !ids.add(r.trialId())) continue;
                lines.append(Json.mapper().writeValueAsString(r)).append('\n');
                fresh.add(r);
            }
            if (fresh.isEmpty()) return fresh;
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) out.write(bytes);
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        for (TrialResult r : fresh) written.add(r.trialId());
        return fresh;
    }

    /** The torn last line {@link #open} cut off, if there was one. */
    public java.util.Optional<Problem> repaired() {
        return java.util.Optional.ofNullable(repaired);
    }

    /** Cuts off bytes after the journal's last newline; returns what was dropped, or null when nothing was. */
    private static Problem dropTornTail(Path file) throws IOException {
        if (!Files.exists(file)) return null;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) return null;
            long keep = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') break;
                keep--;
            }
            if (keep == size) return null;
            ch.truncate(keep);
            ch.force(true);
            return new Problem(file.toString(), "its last line was cut short (" + (size - keep)
                    + " bytes, a write interrupted by a crash) and was dropped; that trial runs again");
        }
    }

    public synchronized boolean contains(TrialId id) {
        return written.contains(id);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /** What a journal holds: its results in the order written (first of each id), and lines that could not be read. */
    public record Contents(List<TrialResult> results, List<Problem> unreadable) {
    }

    /** Reads the journal of {@code runDir}; a line that does not parse is reported, not fatal. */
    public static Contents read(Path runDir) {
        Path file = runDir.resolve(RunFiles.TRIALS);
        List<TrialResult> results = new ArrayList<>();
        List<Problem> unreadable = new ArrayList<>();
        Set<TrialId> seen = new HashSet<>();
        if (!Files.exists(file)) return new Contents(results, unreadable);
        List<String> lines;
        try {
            // decoded leniently: one damaged byte spoils its own line (reported below), not the whole journal
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        boolean torn = !lines.isEmpty() && !endsWithNewline(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            if (torn && i == lines.size() - 1) {
                unreadable.add(new Problem(file + " line " + (i + 1), "the last line was cut short (a write "
                        + "interrupted by a crash); it is dropped and that trial runs again"));
                continue;
            }
            try {
                TrialResult r = Json.mapper().readValue(line, TrialResult.class);
                if (seen.add(r.trialId())) results.add(r);
            } catch (JsonProcessingException | RuntimeException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                unreadable.add(new Problem(file + " line " + (i + 1),
                        "unreadable trial record (skipped; that trial runs again): " + firstLine(why)));
            }
        }
        return new Contents(results, unreadable);
    }

    private static boolean endsWithNewline(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) return true;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            ch.read(one, ch.size() - 1);
            return one.get(0) == '\n';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
