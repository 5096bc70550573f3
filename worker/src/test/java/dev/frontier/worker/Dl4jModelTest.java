package dev.frontier.worker;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DL4J network as a Frontier model: its gradient, its BatchNorm statistics, and what of its file is dropped. */
class Dl4jModelTest {
    /** Dense 2 → 16 → BatchNorm → tanh → softmax 3, with the given updater and L2. */
    static MultiLayerConfiguration mlp(IUpdater updater, double l2, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(updater).l2(l2).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(16).build())
                .layer(new ActivationLayer(Activation.TANH))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static INDArray[] batch(int rows, int features, int classes, int seed, DataType type) {
        Random r = new Random(seed);
        double[][] x = new double[rows][features];
        double[][] y = new double[rows][classes];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) x[i][j] = r.nextGaussian();
            y[i][r.nextInt(classes)] = 1;
        }
        return new INDArray[]{Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type)};
    }

    /** The largest relative gap between {@code analytic} and central differences of the model's loss on {@code b}. */
    static double worstRelativeError(Model m, INDArray[] b, double[] analytic) {
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double v = m.params().getDouble(0, i);
            m.params().putScalar(0, i, v + 1e-6);
            double up = m.trainingStep(b[0], b[1]);
            m.params().putScalar(0, i, v - 1e-6);
            double down = m.trainingStep(b[0], b[1]);
            m.params().putScalar(0, i, v);
            double numeric = (up - down) / 2e-6;
            double scale = Math.abs(numeric) + Math.abs(analytic[i]);
            if (scale > 1e-8) worst = Math.max(worst, Math.abs(numeric - analytic[i]) / scale);
        }
        return worst;
    }

    @Test
    void theGradientMatchesFiniteDifferencesOfTheLoss() {
        Nd4jRuntime.ensureReady();
        Dl4jModel m = Dl4jModel.of(mlp(new Sgd(0.1), 0, 1).toJson(), "mlp", 7, DataType.DOUBLE);
        INDArray[] b = batch(10, 2, 3, 1, DataType.DOUBLE);
        m.trainingStep(b[0], b[1]);
        double[] analytic = m.grads().toDoubleVector();
        assertEquals(2 * 16 + 16 + 2 * 16 + 16 * 3 + 3, analytic.length, "trainable parameters only: W, b, gamma, "
                + "beta, W, b (BatchNorm's running mean and variance are not)");
        double worst = worstRelativeError(m, b, analytic);
        assertTrue(worst < 1e-5, "worst relative error " + worst);
    }

    /**
     * Frontier's SGD on the model's parameters, step by step, against DL4J's own fit with its SGD updater on the same
     * batches: the same weights and the same BatchNorm running statistics.
     */
    @Test
    void sgdThroughTheModelMatchesDl4jsOwnTraining() {
        Nd4jRuntime.ensureReady();
        double lr = 0.1;
        MultiLayerConfiguration conf = mlp(new Sgd(lr), 0, 3);
        Dl4jModel ours = Dl4jModel.of(conf.toJson(), "mlp", 3, DataType.DOUBLE);
        MultiLayerConfiguration theirsConf = MultiLayerConfiguration.fromJson(conf.toJson());
        theirsConf.setDataType(DataType.DOUBLE);
        MultiLayerNetwork theirs = new MultiLayerNetwork(theirsConf);
        theirs.init();
        for (int step = 0; step < 5; step++) {
            INDArray[] b = batch(16, 2, 3, 10 + step, DataType.DOUBLE);
            ours.trainingStep(b[0], b[1]);
            ours.params().subi(ours.grads().mul(lr));
            theirs.fit(new DataSet(b[0], b[1]));
        }
        INDArray[] probe = batch(20, 2, 3, 99, DataType.DOUBLE);
        INDArray out = theirs.output(probe[0], false);
        Model.Evaluation e = ours.evaluate(probe[0], probe[1]);
        double expected = 0;
        for (int r = 0; r < 20; r++) {
            int label = Nd4j.argMax(probe[1].getRow(r)).getInt(0);
            expected -= Math.log(out.getDouble(r, label));
        }
        assertEquals(expected, e.summedLoss(), 1e-9 * Math.abs(expected),
                "evaluation (with the running statistics) agrees, so weights and statistics do");
    }

    @Test
    void theFilesUpdaterAndRegularizationAreDropped() {
        Nd4jRuntime.ensureReady();
        INDArray[] b = batch(16, 2, 3, 4, DataType.FLOAT);
        double plain = Dl4jModel.of(mlp(new Sgd(0.1), 0, 1).toJson(), "a", 5).trainingStep(b[0], b[1]);
        Dl4jModel other = Dl4jModel.of(mlp(new Adam(0.5), 10.0, 1).toJson(), "b", 5);
        assertEquals(plain, other.trainingStep(b[0], b[1]), 1e-6, "the loss is the data's alone, whatever the file's "
                + "L2 and updater");
    }

    @Test
    void aNetworkThatIsNotSoftmaxCrossEntropyIsRefused() {
        String json = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(3)
                        .activation(Activation.IDENTITY).build()).build().toJson();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dl4jModel.of(json, "n", 1));
        assertTrue(e.getMessage().contains("n: the network must end in an output layer with softmax activation and "
                + "MCXENT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dl4jModel.of("{\"nope\": 1}", "x", 1));
    }

    /** The CNN of examples/dl4j, as DL4J's builder writes it. */
    static MultiLayerConfiguration exampleCnn() {
        return new NeuralNetConfiguration.Builder().seed(0).updater(new Sgd(0.01)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).padding(1, 1).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(16, 16, 1))
                .build();
    }

    /** examples/dl4j/cnn.json is what the builder writes; -Dfrontier.examples.update=true rewrites it. */
    @Test
    void theExampleCnnFileIsTheBuildersAndTrainsOnShapes() throws IOException {
        Path file = Path.of("../examples/dl4j/cnn.json");
        String json = exampleCnn().toJson();
        if (Boolean.getBoolean("frontier.examples.update")) Files.writeString(file, json);
        assertEquals(json, Files.readString(file), "regenerate with -Dfrontier.examples.update=true");

        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.DL4J, "cnn.json");
        m.put(Param.BUILTIN, "shapes");
        m.put(Param.SAMPLES, 300);
        m.put(Param.STEPS, 40);
        m.put(Param.BATCH_SIZE, 32);
        m.put(Param.OPTIMIZER, "adam");
        m.put(Param.LEARNING_RATE, 0.01);
        TrialConfig c = TrialConfig.resolve(m);
        TrialResult r = TrialRunner.run(c, null, json);
        assertEquals(Outcome.CONVERGED, r.outcome(), r::toString);
        assertTrue(r.finalAccuracy() > 0.6, "shapes are learnable by the CNN: " + r);
        assertArrayEquals(r.lossCurve().toArray(), TrialRunner.run(c, null, json).lossCurve().toArray(),
                "the same trial gives the same curve");
    }

    /** A ComputationGraphConfiguration file trains through the same model: gradient checked, trial trained. */
    @Test
    void aComputationGraphFileWorksToo() {
        Nd4jRuntime.ensureReady();
        String json = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.01)).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(2).nOut(12).activation(Activation.TANH).build(), "in")
                .addLayer("norm", new BatchNormalization.Builder().nOut(12).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "norm")
                .setOutputs("out").build().toJson();
        Dl4jModel m = Dl4jModel.of(json, "graph", 3, DataType.DOUBLE);
        INDArray[] b = batch(9, 2, 3, 2, DataType.DOUBLE);
        m.trainingStep(b[0], b[1]);
        double[] analytic = m.grads().toDoubleVector();
        assertEquals(2 * 12 + 12 + 12 + 12 + 12 * 3 + 3, analytic.length);
        double worst = worstRelativeError(m, b, analytic);
        assertTrue(worst < 1e-5, "worst relative error " + worst);

        Map<Param, Object> c = new EnumMap<>(Param.class);
        c.put(Param.DL4J, "graph.json");
        c.put(Param.SAMPLES, 400);
        c.put(Param.STEPS, 100);
        c.put(Param.BATCH_SIZE, 32);
        c.put(Param.OPTIMIZER, "adam");
        c.put(Param.LEARNING_RATE, 0.03);
        TrialResult r = TrialRunner.run(TrialConfig.resolve(c), null, json);
        assertEquals(Outcome.CONVERGED, r.outcome(), r::toString);
    }
}
