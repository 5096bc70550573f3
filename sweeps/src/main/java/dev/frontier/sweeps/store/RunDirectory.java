package dev.frontier.sweeps.store;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run directory and every file in it: the spec as run ({@value RunFiles#SPEC}), the journal
 * ({@value RunFiles#TRIALS}), the run record ({@value RunFiles#RUN}), the derived reports, and the lock that keeps it
 * to one writer. Reads what a run needs, and makes the few changes a run makes to the directory as a whole.
 */
public final class RunDirectory {
    private final Path path;

    public RunDirectory(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The file {@code name} (one of {@link RunFiles}) in this directory. */
    public Path file(String name) {
        return path.resolve(name);
    }

    public boolean exists() {
        return Files.exists(path);
    }

    /** Throws bad input (at {@code field}) unless this is a directory holding a spec as run. */
    public void requireRun(String field) {
        if (!Files.isDirectory(path)) throw new BadInputException(field, "is not a directory");
        if (!Files.exists(file(RunFiles.SPEC))) {
            throw new BadInputException(file(RunFiles.SPEC).toString(), "not found: " + path
                    + " is not a run directory");
        }
    }

    /** The spec as run, or null when the directory has none. */
    public SweepSpec spec() {
        return Files.exists(file(RunFiles.SPEC)) ? SpecReader.read(file(RunFiles.SPEC)) : null;
    }

    /**
     * The journal's results, without their loss curves (read one back with {@link ResultStore.Contents#curve}), and
     * its unreadable lines; empty when there is no journal.
     */
    public ResultStore.Contents journal() {
        return ResultStore.read(path, false);
    }

    /** The journal's size in bytes, or -1 when there is none: whether it grew since it was read. */
    public long journalBytes() {
        try {
            Path journal = file(RunFiles.TRIALS);
            return Files.exists(journal) ? Files.size(journal) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The run record, or null when there is none; bad input when it cannot be read. */
    public RunRecord record() {
        return RunRecord.read(path);
    }

    public void write(RunRecord record) {
        record.write(path);
    }

    /** Takes the directory's lock, or throws bad input (at {@code field}) naming the process that holds it. */
    public RunLock lock(String field) {
        return RunLock.acquire(path, field);
    }

    /**
     * Moves the whole directory aside, to {@code <name>.before-<stamp>} (numbered when taken), and returns where it
     * went: a fresh start that loses nothing.
     */
    public Path moveAside(String stamp) {
        Path kept = path.resolveSibling(path.getFileName() + ".before-" + stamp);
        for (int n = 2; Files.exists(kept); n++) kept = path.resolveSibling(path.getFileName() + ".before-" + stamp
                + "-" + n);
        try {
            Files.move(path, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + path + " to " + kept, e);
        }
        return kept;
    }

    /**
     * Makes the directory ready for a run: creates it, deletes temporary files a killed writer left, and keeps the
     * spec's text ({@code source}; null for a spec built in code) as the spec as run.
     */
    public void prepare(String source) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
        AtomicFiles.deleteLeftovers(path);
        if (source != null) AtomicFiles.write(file(RunFiles.SPEC), source);
    }

    /** Replaces the file {@code name} with {@code text}, atomically. */
    public void write(String name, String text) {
        AtomicFiles.write(file(name), text);
    }

    /** Opens the journal for appending (see {@link ResultStore#open}). */
    public ResultStore openJournal() {
        return ResultStore.open(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
