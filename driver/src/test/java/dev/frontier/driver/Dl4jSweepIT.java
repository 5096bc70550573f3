package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.worker.TrialRunner;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DL4J network file swept end to end through the command line and Spark {@code local[2]}. */
class Dl4jSweepIT {
    @TempDir
    Path dir;

    static String network(int inputs) {
        return new NeuralNetConfiguration.Builder().updater(new Adam(0.1)).l2(0.5).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(32).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(32).build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
    }

    @Test
    void aDl4jNetworkFileIsSweptWithFrontiersOptimizersAndGivesTheDirectResults() throws Exception {
        Files.writeString(dir.resolve("net.json"), network(2));
        Path spec = Files.writeString(dir.resolve("dl4j.yaml"), """
                name: dl4j
                data: {builtin: spirals, samples: 400}
                model: {dl4j: net.json}
                training: {steps: 60, batchSize: 32}
                grid:
                  learningRate: [0.03, 300]
                  optimizer: [sgd, adam]
                  clipNorm: [none, 1]
                """);
        Path out = dir.resolve("run");
        SweepIT.Run plan = SweepIT.frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(0, plan.exit(), plan.err());
        // trainable: 2·32 + 32 (dense), 32 + 32 (gamma, beta), 32·3 + 3; BatchNorm's running mean and variance not
        assertTrue(plan.out().contains("DL4J network net.json on 2 features → 3 classes: " + (64 + 32 + 64 + 99)
                + " parameters"), plan.out());

        SweepIT.Run r = SweepIT.frontier("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(8, results.size());
        String json = Files.readString(dir.resolve("net.json"));
        for (TrialResult t : results) {
            assertEquals(1, t.provenance().packSize());
            assertEquals(TrialRunner.run(t.config(), null, json).lossCurve(), t.lossCurve(),
                    "through Spark as when trained directly: " + t.config());
            if (t.config().learningRate() == 0.03 && t.config().optimizer().equals("adam")) {
                assertEquals(Outcome.CONVERGED, t.outcome(), t::toString);
            }
        }
        assertTrue(results.stream().anyMatch(t -> t.outcome() == Outcome.DIVERGED), "lr 300 diverges somewhere");

        Files.writeString(dir.resolve("net.json"), network(2).replace("\"nOut\" : 32", "\"nOut\" : 33"));
        SweepIT.Run changed = SweepIT.frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(2, changed.exit(), changed.out() + changed.err());
        assertTrue(changed.err().contains("model.dl4j: "), changed.err());
    }

    @Test
    void aNetworkThatDoesNotTakeTheDataOrTheBuiltInMlpsAxesIsBadInput() throws Exception {
        Files.writeString(dir.resolve("wide.json"), network(5));
        Path spec = Files.writeString(dir.resolve("wide.yaml"), """
                data: {builtin: spirals}
                model: {dl4j: wide.json}
                grid: {learningRate: [0.1]}
                """);
        SweepIT.Run r = SweepIT.frontier("plan", spec.toString(), "--out", dir.resolve("w").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("error: model.dl4j: wide.json could not train a step on this data"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.trim().startsWith("at ")), "no stack trace: " + r.err());

        Path axes = Files.writeString(dir.resolve("axes.yaml"), """
                data: {builtin: spirals}
                model: {dl4j: wide.json}
                grid: {learningRate: [0.1], normalization: [none, batchnorm]}
                """);
        SweepIT.Run a = SweepIT.frontier("plan", axes.toString());
        assertEquals(2, a.exit());
        assertTrue(a.err().contains("grid.normalization: belongs to the built-in MLP; a DL4J network (model.dl4j) has "
                + "its own layers"), a.err());
        Path missing = Files.writeString(dir.resolve("missing.yaml"), """
                model: {dl4j: nowhere.json}
                grid: {learningRate: [0.1]}
                """);
        SweepIT.Run m = SweepIT.frontier("plan", missing.toString());
        assertEquals(2, m.exit());
        assertTrue(m.err().contains("model.dl4j: file not found: " + dir.resolve("nowhere.json")), m.err());
    }
}
