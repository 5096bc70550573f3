package dev.frontier.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small file and text helpers the end-to-end tests share. */
final class TestFiles {
    private TestFiles() {
    }

    /** Lines in {@code file} (a last line without a newline counts), 0 when it does not exist. */
    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) return 0;
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    /** How often {@code needle} occurs in {@code s}. */
    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
