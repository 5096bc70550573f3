package dev.frontier.driver;

import com.example.frontier.ResidualMlp;
import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.sweeps.ModelDeclaration;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.Json;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.worker.ModelPlugin;
import dev.frontier.worker.TrialRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plug-in model swept end to end through the command line and real Spark {@code local[2]}: its own parameter as an
 * axis, clipping as another, results identical to training the same trials directly; and a plug-in that only a jar
 * given with {@code --jars} holds.
 */
class PluginSweepIT {
    @TempDir
    Path dir;

    static final String SPEC = """
            name: plugin
            data: {builtin: spirals, samples: 400}
            model: {class: com.example.frontier.ResidualMlp, width: 16, blocks: 2}
            training: {steps: 60, batchSize: 32}
            grid:
              learningRate: [0.03, 1000]
              model.initGain: [0.5, 2.0]
              clipNorm: [none, 1]
              seed: [0]
            """;

    @Test
    void aPluginModelIsSweptThroughSparkWithItsOwnParameterAsAnAxis() throws Exception {
        Path spec = Files.writeString(dir.resolve("plugin.yaml"), SPEC);
        Path out = dir.resolve("run");
        SweepIT.Run r = SweepIT.frontier("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("8/8 trials"), r.out());

        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(8, results.size());
        for (TrialResult t : results) {
            assertEquals(ResidualMlp.class.getName(), t.config().modelClass());
            assertEquals(1, t.provenance().packSize(), "a plug-in trains alone");
            assertNotNull(t.provenance().executorId());
            assertTrue(t.outcome() != Outcome.FAILED, t::toString);
            TrialResult direct = TrialRunner.run(t.config());
            assertEquals(direct.lossCurve(), t.lossCurve(), "through Spark as when trained directly: " + t.config());
            assertEquals(direct.outcome(), t.outcome());
            if (t.config().clipNorm() == null) {
                assertNull(t.metric(TrialResult.CLIPPED_FRACTION));
                if (t.config().learningRate() == 1000) assertEquals(Outcome.DIVERGED, t.outcome());
            } else {
                assertNotNull(t.metric(TrialResult.CLIPPED_FRACTION), t::toString);
            }
        }
        assertEquals(2, results.stream().filter(t -> t.config().learningRate() == 0.03 && t.config().clipNorm() == null)
                .map(TrialResult::lossCurve).distinct().count(), "the plug-in's initGain changes its training");

        JsonNode frontier = Json.mapper().readTree(out.resolve(RunFiles.FRONTIER).toFile());
        String labels = frontier.toString();
        assertTrue(labels.contains("model.initGain=0.5, clipNorm=none"), labels);
        assertTrue(labels.contains("model.initGain=2.0, clipNorm=1.0"), labels);
        String csv = Files.readString(out.resolve(RunFiles.TRIALS_CSV));
        assertTrue(csv.lines().findFirst().orElseThrow().contains("model.initGain"), "the axis is a CSV column");
        assertTrue(csv.lines().findFirst().orElseThrow().contains("clippedFraction"), "so is the clipped fraction");
        assertTrue(Files.readString(out.resolve(RunFiles.REPORT)).contains("model.initGain"));
    }

    /** A plug-in class compiled here into a jar of its own: on no classpath until --jars names the jar. */
    @Test
    void aPluginInAJarIsFoundThroughDashDashJarsAndMissingWithoutIt() throws Exception {
        Path jar = compileJar("JarOnlyModel", """
                package jaronly;
                public final class JarOnlyModel implements dev.frontier.worker.ModelPlugin {
                    private final com.example.frontier.ResidualMlp inner = new com.example.frontier.ResidualMlp();
                    public java.util.List<dev.frontier.sweeps.OpenParam> parameters() { return inner.parameters(); }
                    public dev.frontier.worker.Model build(java.util.Map<String, Object> p, Shape s, long seed) {
                        return inner.build(p, s, seed);
                    }
                }
                """);
        Path spec = Files.writeString(dir.resolve("jar.yaml"), """
                name: jar-only
                data: {builtin: blobs, samples: 300}
                model: {class: jaronly.JarOnlyModel, width: 8, blocks: 1}
                training: {steps: 30, batchSize: 32}
                grid: {learningRate: [0.1], seed: [0, 1]}
                """);
        SweepIT.Run without = SweepIT.frontier("plan", spec.toString());
        assertEquals(2, without.exit(), without.out() + without.err());
        assertTrue(without.err().contains("model.class: class jaronly.JarOnlyModel is not on the classpath; pass the "
                + "jar that holds it with --jars"), without.err());

        SweepIT.Run plan = SweepIT.frontier("plan", spec.toString(), "--jars", jar.toString());
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("jaronly.JarOnlyModel {blocks=1, initGain=1.0, width=8} on 8 features → 3 "
                + "classes: " + (8 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3) + " parameters"), plan.out());
        assertTrue(plan.out().contains("model.width: 8"), "a plug-in's fixed parameters are listed: " + plan.out());

        Path out = dir.resolve("jar-run");
        SweepIT.Run run = SweepIT.frontier("run", spec.toString(), "--jars", jar.toString(), "--out", out.toString(),
                "--master", "local[2]");
        assertEquals(0, run.exit(), run.out() + run.err());
        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(2, results.size());
        for (TrialResult t : results) assertEquals(Outcome.CONVERGED, t.outcome(), t::toString);

        SweepIT.Run missing = SweepIT.frontier("plan", spec.toString(), "--jars", dir.resolve("nope.jar").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--jars: " + dir.resolve("nope.jar") + ": no such file"), missing.err());
    }

    private Path compileJar(String name, String source) throws IOException, URISyntaxException {
        Path src = dir.resolve("src/jaronly");
        Files.createDirectories(src);
        Files.writeString(src.resolve(name + ".java"), source);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> path = new ArrayList<>();
        for (Class<?> c : List.of(ModelPlugin.class, ModelDeclaration.class, ResidualMlp.class, INDArray.class)) {
            path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, OutputStream.nullOutputStream(), errors, "-d", classes.toString(), "-cp",
                String.join(File.pathSeparator, path), src.resolve(name + ".java").toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
        Path jar = dir.resolve("jar-only.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }
}
