package dev.frontier.driver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.driver.cli.FrontierCommand;
import dev.frontier.sweeps.store.Json;
import dev.frontier.sweeps.store.RunFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo, run through the command line on Spark {@code local[2]}, and its report opened in real headless Chromium
 * with the network cut off (a proxy that goes nowhere): the page's script runs, the console stays silent, there is a
 * phase diagram per optimizer × normalization, every summary sentence is on the page, and no request leaves it
 * (Chromium's network log, filtered to requests made on behalf of the page). Leaves target/demo-report.png.
 *
 * <p>Chromium comes from Debian's {@code chromium} package ({@code .ci/run} installs it). Without it the test is
 * skipped on a developer's machine and fails in CI ({@code CI} set, or {@code -Dfrontier.browser.required=true}).
 */
class DemoReportIT {
    static final Path RUN = Path.of("target", "demo-run");
    static final Path SCREENSHOT = Path.of("target", "demo-report.png");
    static String chromium;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (chromium == null) {
            String why = "Chromium is not installed (Debian: apt-get install chromium)";
            if (System.getenv("CI") != null || Boolean.getBoolean("frontier.browser.required")) fail(why);
            Assumptions.abort(why);
        }
    }

    @Test
    void theDemosReportWorksOfflineInARealBrowser() throws Exception {
        TestFiles.deleteRecursively(RUN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = FrontierCommand.execute(new String[]{"demo", "--out", RUN.toString(), "--master", "local[2]"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        Path report = RUN.resolve(RunFiles.REPORT).toAbsolutePath();
        JsonNode frontier = Json.mapper().readTree(RUN.resolve(RunFiles.FRONTIER).toFile());
        int finished = frontier.get("counts").get("finished").asInt();
        assertTrue(finished > 396 && finished <= frontier.get("counts").get("planned").asInt(),
                finished + " trials: the coarse grid's 396 and the probes of the boundary search");

        Path netLog = Path.of("target", "demo-report-netlog.json").toAbsolutePath();
        Files.deleteIfExists(netLog);
        Browser page = chromium(List.of("--dump-dom", "--log-net-log=" + netLog), report);
        String dom = page.out();

        List<String> console = page.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "the page writes nothing to the console (no errors, no blocked loads)");
        assertTrue(dom.contains("role=\"button\""), "the page's script ran (sortable headers)");
        assertTrue(dom.contains("hidden=\"\""), "the page's script ran (one configuration's curves shown)");

        Set<String> panels = new HashSet<>();
        frontier.get("configurations").forEach(c -> panels.add(c.get("configuration").get("optimizer").asText() + "/"
                + c.get("configuration").get("normalization").asText()));
        assertEquals(6, panels.size());
        assertEquals(panels.size(), TestFiles.count(dom, "class=\"panel phase-panel\""),
                "one phase diagram per optimizer × normalization");
        for (JsonNode sentence : frontier.get("findings")) {
            assertTrue(dom.contains(text(sentence.asText())), "summary sentence on the page: " + sentence.asText());
        }
        assertEquals(List.of(), pageRequests(netLog), "no request leaves the page");
        // the sharpness at init predicts a critical LR for every configuration, by its optimizer's rule
        Map<String, String> rules = Map.of("sgd", "2/λ", "momentum", "3.8/λ", "adam", "38/λ_pre");
        for (JsonNode c : frontier.get("configurations")) {
            String optimizer = c.get("configuration").get("optimizer").asText();
            assertEquals(rules.get(optimizer), c.get("predictionRule").asText(), c.get("label").asText());
            assertTrue(c.get("predictedCriticalLearningRate").asDouble() > 0, c.get("label").asText());
        }
        assertEquals(frontier.get("configurations").size(), TestFiles.count(dom, "<line class=\"predicted\""),
                "a dashed tick per configuration on the frontier chart");
        assertTrue(dom.contains("predicted critical LR</th>"), "and a column in the table");
        assertTrue(dom.contains(text("The sharpness at initialization predicts a critical learning rate")),
                "and a finding");

        Files.deleteIfExists(SCREENSHOT);
        chromium(List.of("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,3400"), report);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot was saved");
    }

    record Browser(String out, String err) {
    }

    static Browser chromium(List<String> extra, Path page) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>", "--disable-background-networking", "--no-first-run",
                "--user-data-dir=" + Path.of("target", "chromium-profile").toAbsolutePath()));
        command.addAll(extra);
        command.add(page.toUri().toString());
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s");
        }
        Browser b = new Browser(Files.readString(stdout), Files.readString(stderr));
        Files.delete(stdout);
        Files.delete(stderr);
        return b;
    }

    /** URLs of network requests made on behalf of a file:// page (the browser's own background requests excluded). */
    static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = Json.mapper().readTree(netLog.toFile());
        Set<Integer> pageSources = new HashSet<>();
        for (JsonNode e : log.get("events")) {
            JsonNode key = e.path("params").path("network_isolation_key");
            if (key.isTextual() && key.asText().contains("file://")) pageSources.add(e.get("source").get("id").asInt());
        }
        Set<String> urls = new java.util.TreeSet<>();
        for (JsonNode e : log.get("events")) {
            JsonNode url = e.path("params").path("url");
            if (url.isTextual() && pageSources.contains(e.get("source").get("id").asInt())
                    && !url.asText().startsWith("file:") && !url.asText().startsWith("data:")) {
                urls.add(url.asText());
            }
        }
        return new ArrayList<>(urls);
    }

    /** Text as Chromium serializes it in a text node. */
    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
