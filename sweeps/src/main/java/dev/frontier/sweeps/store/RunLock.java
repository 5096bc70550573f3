package dev.frontier.sweeps.store;

import dev.frontier.sweeps.BadInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One writer per run directory: an operating-system lock on its {@value RunFiles#LOCK} file, held while a run or a
 * report rebuild writes there. The lock dies with the process that holds it, so a run killed with SIGKILL never
 * blocks the next; the file itself only names the latest holder (pid, host, since when) for the message a second
 * writer gets.
 */
public final class RunLock implements Closeable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code runDir}'s lock (creating the directory and its lock file if needed), or throws bad input naming the
     * process that holds it: {@code field} is what the user gave for the directory (e.g. {@code --out runs/x}).
     */
    public static RunLock acquire(Path runDir, String field) {
        try {
            Files.createDirectories(runDir);
            Path file = runDir.resolve(RunFiles.LOCK);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException held) {
                lock = null; // held by this very process, through another channel
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new BadInputException(field, "is being written by another run (" + holder + "); wait for it to "
                        + "end, or use another directory");
            }
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
            } catch (IOException e) {
                channel.close(); // releases the lock too
                throw e;
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + runDir + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "a process that has not said who it is yet" : text;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown host";
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
