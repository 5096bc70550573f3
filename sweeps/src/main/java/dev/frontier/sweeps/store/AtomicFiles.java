package dev.frontier.sweeps.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.nio.file.StandardCopyOption;

/** Writes a whole file to a temporary sibling and renames it into place, so readers never see half a file. */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The names {@link #write} gives its temporary files: ".<target>.<hex>.tmp". */
    private static final String LEFTOVER = "\\..+\\.[0-9a-f]{1,16}\\.tmp";

    private AtomicFiles() {
    }

    /** Deletes temporary files a killed writer left in {@code dir} (never a file this class did not name). */
    public static void deleteLeftovers(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<Path> leftovers = files.filter(f -> f.getFileName().toString().matches(LEFTOVER)).toList();
            for (Path f : leftovers) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // not Files.createTempFile: its files are private (0600); this one is created under the user's umask
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write failed; either way nothing more to clean
                }
            }
        }
    }
}
