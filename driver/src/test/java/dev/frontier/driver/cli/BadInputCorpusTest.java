package dev.frontier.driver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad spec and data file of the corpus in {@code src/test/resources/bad-input}, run through the real command
 * line: each exits 2, prints the problems its header expects on lines starting with "error: " (naming the field or
 * file position), prints no stack trace and writes nothing. A case is a YAML or JSON spec; its header is its leading
 * {@code #} comments (for JSON, the sibling file {@code NAME.expect}): one or more {@code # expect: <text>} lines,
 * each a text some error line must contain, and optionally {@code # errors: N}, the exact number of error lines.
 */
class BadInputCorpusTest {
    private static final String CORPUS = "bad-input";
    private static final String EXPECT = "# expect:";
    private static final String ERRORS = "# errors:";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> errors() {
            return err.lines().filter(l -> l.startsWith("error: ")).toList();
        }
    }

    /** What a case's header asks for: texts the error lines must contain, and their exact count (or null). */
    record Expectations(List<String> texts, Integer errors) {
        static Expectations of(Path header) throws IOException {
            List<String> texts = new ArrayList<>();
            Integer errors = null;
            for (String line : Files.readAllLines(header, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith(EXPECT)) texts.add(l.substring(EXPECT.length()).strip());
                else if (l.startsWith(ERRORS)) errors = Integer.parseInt(l.substring(ERRORS.length()).strip());
            }
            return new Expectations(texts, errors);
        }
    }

    static Run frontier(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FrontierCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The corpus directory: on the test classpath, else in the module's sources (surefire runs in the module). */
    static Path corpus() {
        URL url = BadInputCorpusTest.class.getResource("/" + CORPUS);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return Path.of("src", "test", "resources", CORPUS);
    }

    /** The cases' file names, sorted: every YAML and JSON file (the CSV and .expect files are their data). */
    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                    .sorted().toList().stream();
        }
    }

    private static Path header(Path spec) {
        String name = spec.getFileName().toString();
        return name.endsWith(".json") ? spec.resolveSibling(name.replaceFirst("\\.json$", ".expect")) : spec;
    }

    /** Copies the whole corpus under {@link #dir}, so that a spec's relative CSV path still finds its file. */
    private Path copyCorpus() throws IOException {
        Path source = corpus();
        Path target = dir.resolve(CORPUS);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return target;
    }

    /** Every path under {@link #dir} with, for files, its size and last-modified time. */
    private Map<String, String> listing() throws IOException {
        Map<String, String> listing = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                listing.put(dir.relativize(f).toString(), Files.isDirectory(f) ? "directory"
                        : Files.size(f) + " bytes, modified " + Files.getLastModifiedTime(f));
            }
        }
        return listing;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithOneClearLinePerProblemAndNothingWritten(String name) throws IOException {
        Path spec = copyCorpus().resolve(name);
        Expectations expected = Expectations.of(header(spec));
        assertFalse(expected.texts().isEmpty(), name + ": its header has no '" + EXPECT + "' line");
        Path out = dir.resolve("out");
        Map<String, String> before = listing();

        // plan checks exactly what run checks and never trains: a case that is valid by mistake fails here
        // instead of starting a real sweep
        Run plan = frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(2, plan.exit(), () -> name + " is accepted by plan, so run would start a sweep:\n"
                + plan.out() + plan.err());

        Run r = frontier("run", spec.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), () -> name + ":\n" + r.out() + r.err());
        for (String text : expected.texts()) {
            assertTrue(r.errors().stream().anyMatch(l -> l.contains(text)),
                    () -> name + ": no error line contains [" + text + "] in:\n" + r.err());
        }
        if (expected.errors() != null) {
            assertEquals(expected.errors(), r.errors().size(), () -> name + ": error lines in:\n" + r.err());
        }
        assertTrue(r.err().contains("nothing was run."), () -> name + ":\n" + r.err());
        assertFalse(r.err().contains("Exception"), () -> name + ": no stack trace:\n" + r.err());
        assertFalse(r.err().contains("\tat "), () -> name + ": no stack trace:\n" + r.err());
        assertEquals(before, listing(), name + ": nothing written");
        assertFalse(Files.exists(out), name + ": no run directory");
    }

    @Test
    void theCorpusHasAtLeastThirtyCases() throws IOException {
        assertTrue(cases().count() >= 30, "cases: " + cases().toList());
    }
}
