package dev.frontier.sweeps.store;

import dev.frontier.sweeps.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLockTest {
    /** Holds a run directory's lock in a process of its own until killed: {@code RunLockTest$Holder DIR}. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]), args[0]);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            lock.close();
        }
    }

    @Test
    void aSecondWriterIsRefusedWithTheHoldersNameAndAKilledHolderBlocksNothing(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), run.toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            BadInputException refused = assertThrows(BadInputException.class, () -> RunLock.acquire(run, "--out run"));
            String message = refused.problems().get(0).toString();
            assertTrue(message.startsWith("--out run: is being written by another run (pid " + holder.pid() + " on "),
                    message);
        } finally {
            holder.destroyForcibly(); // SIGKILL: the process cannot release anything itself
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunLock lock = RunLock.acquire(run, "--out run")) {
            assertTrue(Files.readString(run.resolve(RunFiles.LOCK)).startsWith("pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void withinOneProcessTooAndReleasedOnClose(@TempDir Path dir) {
        try (RunLock first = RunLock.acquire(dir, "dir")) {
            assertThrows(BadInputException.class, () -> RunLock.acquire(dir, "dir"));
        }
        RunLock.acquire(dir, "dir").close();
    }
}
