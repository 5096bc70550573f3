package dev.frontier.reports;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.frontier.reports.Trials.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The summary text and frontier.json of a fixed, hand-made sweep, compared with files checked in under
 * src/test/resources/golden. After an intended change, regenerate them with {@code -Dfrontier.golden.update=true}
 * and read the diff.
 */
class GoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final List<Double> LRS = List.of(0.001, 0.01, 0.1, 1.0, 10.0);

    /**
     * A story with every kind of finding: sgd's frontier is 0.01 and BatchNorm raises it to 1 (100×); warm-up adds 10×
     * to sgd without normalization; adam diverges above 0.001 without normalization and trains up to the top of the
     * grid with BatchNorm and warm-up; seeds disagree at one edge; one trial failed.
     */
    static List<TrialResult> sweep() {
        List<TrialResult> rs = new ArrayList<>();
        for (String optimizer : List.of("sgd", "adam")) {
            for (String norm : List.of("none", "batchnorm")) {
                for (int warmup : List.of(0, 50)) {
                    double frontier = frontier(optimizer, norm, warmup);
                    for (double lr : LRS) {
                        for (int seed : List.of(0, 1)) {
                            Outcome o = lr <= frontier ? Outcome.CONVERGED : Outcome.DIVERGED;
                            if (optimizer.equals("sgd") && norm.equals("batchnorm") && warmup == 50 && lr == 10.0
                                    && seed == 1) {
                                o = Outcome.CONVERGED; // the seeds disagree at the edge
                            }
                            if (lr == 0.001 && optimizer.equals("sgd")) o = Outcome.STALLED;
                            if (optimizer.equals("adam") && norm.equals("none") && warmup == 50 && lr == 0.01
                                    && seed == 1) {
                                o = Outcome.FAILED;
                            }
                            double loss = 0.2 + 0.1 * Math.abs(Math.log10(lr) + 1) + 0.01 * seed;
                            rs.add(result(lr, o, o == Outcome.STALLED ? 1.9 : loss, Param.OPTIMIZER, optimizer,
                                    Param.NORMALIZATION, norm, Param.WARMUP_STEPS, warmup, Param.SEED, seed));
                        }
                    }
                }
            }
        }
        return rs;
    }

    private static double frontier(String optimizer, String norm, int warmup) {
        if (optimizer.equals("sgd")) return norm.equals("none") ? (warmup == 0 ? 0.01 : 0.1) : 1.0;
        if (norm.equals("none")) return warmup == 0 ? 0.001 : 0.01;
        return warmup == 0 ? 1.0 : 10.0;
    }

    static SweepSpec spec() {
        return Trials.spec(LRS, Param.OPTIMIZER, List.of("sgd", "adam"), Param.NORMALIZATION,
                List.of("none", "batchnorm"), Param.WARMUP_STEPS, List.of(0, 50), Param.SEED, List.of(0, 1));
    }

    @Test
    void summaryText() throws IOException {
        Frontier f = FrontierAnalysis.of(spec(), sweep());
        StringBuilder text = new StringBuilder();
        for (Finding finding : Findings.of(f)) text.append(finding.text()).append("  ").append(finding.evidence())
                .append('\n');
        golden("findings.txt", text.toString());
    }

    @Test
    void frontierJson() throws IOException {
        golden("frontier.json", FrontierJson.render(FrontierAnalysis.of(spec(), sweep())));
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("frontier.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
    }
}
