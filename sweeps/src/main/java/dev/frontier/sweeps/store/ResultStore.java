package dev.frontier.sweeps.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The append-only journal of a run: {@code trials.jsonl}, one JSON object per finished trial; the lines of results
 * that arrived together go out in one write, forced to disk before any of them is acknowledged (so they survive a
 * killed process and a lost machine alike). A trial id already in the journal is never written again.
 */
public final class ResultStore implements Closeable {
    private final Path file;
    private final FileChannel out;
    /** Where each trial's line is in the file: every trial written, before this store opened and since. */
    private final Map<TrialId, Span> written;
    private long size;
    private Problem repaired;
    /** Reads lines back for {@link #curve}; opened at the first. */
    private FileChannel reader;
    /** A write failed part way: the journal's end is no longer known, so nothing more is appended. */
    private IOException broken;

    private ResultStore(Path file, FileChannel out, Map<TrialId, Span> existing) throws IOException {
        this.file = file;
        this.out = out;
        this.written = new HashMap<>(existing);
        this.size = out.size();
    }

    /** Where one trial's line lies in the journal: its first byte and its length, without the newline. */
    public record Span(long offset, int length) {
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
            Map<TrialId, Span> existing = Files.exists(file) ? read(runDir, false).spans() : Map.of();
            FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
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
        if (broken != null) throw new UncheckedIOException("an earlier write to " + file + " failed", broken);
        List<TrialResult> fresh = new ArrayList<>();
        Map<TrialId, Span> spans = new HashMap<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try {
            for (TrialResult r : results) {
                if (written.containsKey(r.trialId()) || spans.containsKey(r.trialId())) continue;
                byte[] line = Json.mapper().writeValueAsBytes(r);
                spans.put(r.trialId(), new Span(size + lines.size(), line.length));
                lines.write(line);
                lines.write('\n');
                fresh.add(r);
            }
            if (fresh.isEmpty()) return fresh;
            ByteBuffer bytes = ByteBuffer.wrap(lines.toByteArray());
            try {
                while (bytes.hasRemaining()) out.write(bytes);
                out.force(false);
            } catch (IOException e) {
                broken = e;
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        size += lines.size();
        written.putAll(spans);
        return fresh;
    }

    /**
     * The loss curve of {@code trial}, read back from its line in the journal: results kept in memory can drop their
     * curves (see {@link TrialResult#withoutCurve}) and a report still draws the few it shows.
     */
    public synchronized List<CurvePoint> curve(TrialResult trial) {
        Span span = written.get(trial.trialId());
        if (span == null) return trial.lossCurve();
        try {
            // one reader for the store's life: a live report reads a few hundred lines, each write
            if (reader == null) reader = FileChannel.open(file, StandardOpenOption.READ);
            return curveAt(reader, span);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at byte " + span.offset(), e);
        }
    }

    /** The torn last line {@link #open} cut off, if there was one. */
    public Optional<Problem> repaired() {
        return Optional.ofNullable(repaired);
    }

    /** Cuts off bytes after the journal's last newline; returns what was dropped, or null when nothing was. */
    private static Problem dropTornTail(Path file) throws IOException {
        if (!Files.exists(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) return null;
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
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
        return written.containsKey(id);
    }

    @Override
    public synchronized void close() {
        try {
            if (reader != null) reader.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /**
     * What a journal holds: its results in the order written (first of each id), lines that could not be read, and
     * where each result's line is, so that a curve left out when reading can be read back.
     */
    public record Contents(List<TrialResult> results, List<Problem> unreadable, Path file, Map<TrialId, Span> spans) {
        public Contents(List<TrialResult> results, List<Problem> unreadable) {
            this(results, unreadable, null, Map.of());
        }

        /** The loss curve of {@code trial}: its own, or read back from its line when it was read without. */
        public List<CurvePoint> curve(TrialResult trial) {
            Span span = spans.get(trial.trialId());
            return span == null || !trial.lossCurve().isEmpty() ? trial.lossCurve() : curveAt(file, span);
        }
    }

    /** Reads the journal of {@code runDir}, curves and all; a line that does not parse is reported, not fatal. */
    public static Contents read(Path runDir) {
        return read(runDir, true);
    }

    /**
     * Reads the journal of {@code runDir}; without {@code curves}, every result's loss curve is left out (read one back
     * with {@link Contents#curve}), so a journal of many long curves reads into little memory. A line that does not
     * parse is reported, not fatal.
     */
    public static Contents read(Path runDir, boolean curves) {
        Path file = runDir.resolve(RunFiles.TRIALS);
        List<TrialResult> results = new ArrayList<>();
        List<Problem> unreadable = new ArrayList<>();
        Map<TrialId, Span> spans = new HashMap<>();
        if (!Files.exists(file)) return new Contents(results, unreadable, file, spans);
        try (InputStream in = Files.newInputStream(file)) {
            Lines lines = new Lines(in);
            for (int n = 1; lines.next(); n++) {
                if (lines.blank()) continue;
                if (!lines.terminated()) {
                    unreadable.add(new Problem(file + " line " + n, "the last line was cut short (a write "
                            + "interrupted by a crash); it is dropped and that trial runs again"));
                    continue;
                }
                try {
                    TrialResult r = Json.mapper().readValue(lines.bytes(), 0, lines.length(), TrialResult.class);
                    if (spans.containsKey(r.trialId())) continue;
                    spans.put(r.trialId(), new Span(lines.offset(), lines.length()));
                    results.add(curves ? r : r.withoutCurve());
                } catch (JsonProcessingException | RuntimeException e) {
                    // decoded leniently: one damaged byte spoils its own line, not the whole journal
                    String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    unreadable.add(new Problem(file + " line " + n,
                            "unreadable trial record (skipped; that trial runs again): " + firstLine(why)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Contents(results, unreadable, file, spans);
    }

    private static List<CurvePoint> curveAt(Path file, Span span) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return curveAt(ch, span);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at byte " + span.offset(), e);
        }
    }

    private static List<CurvePoint> curveAt(FileChannel ch, Span span) throws IOException {
        ByteBuffer line = ByteBuffer.allocate(span.length());
        while (line.hasRemaining() && ch.read(line, span.offset() + line.position()) >= 0) {
            // until the whole line is in
        }
        return Json.mapper().readValue(line.array(), TrialResult.class).lossCurve();
    }

    /** The lines of a stream, as bytes with their offsets, read a block at a time. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] block = new byte[1 << 16];
        private int at;
        private int end;
        private byte[] line = new byte[1 << 12];
        private int length;
        private long offset;
        private long next;
        private boolean terminated;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line; false at the end of the stream. */
        boolean next() throws IOException {
            offset = next;
            length = 0;
            while (true) {
                if (at == end) {
                    end = in.read(block);
                    at = 0;
                    if (end <= 0) {
                        end = 0;
                        terminated = false;
                        return length > 0;
                    }
                }
                int from = at;
                while (at < end && block[at] != '\n') at++;
                append(from, at);
                if (at < end) {
                    at++;
                    next = offset + length + 1;
                    terminated = true;
                    return true;
                }
            }
        }

        private void append(int from, int to) {
            int n = to - from;
            if (length + n > line.length) line = Arrays.copyOf(line, Math.max(2 * line.length, length + n));
            System.arraycopy(block, from, line, length, n);
            length += n;
        }

        byte[] bytes() {
            return line;
        }

        int length() {
            return length;
        }

        long offset() {
            return offset;
        }

        boolean terminated() {
            return terminated;
        }

        boolean blank() {
            for (int i = 0; i < length; i++) if (!Character.isWhitespace(line[i])) return false;
            return true;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
