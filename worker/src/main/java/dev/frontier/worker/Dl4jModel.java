package dev.frontier.worker;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A DL4J network (a {@code MultiLayerConfiguration} or {@code ComputationGraphConfiguration} as DL4J's
 * {@code toJson()} writes it) as a {@link Model}: DL4J computes the loss and the gradient, Frontier's optimizer,
 * schedule, weight decay and clipping replace the configuration's own updater and regularization (which are
 * dropped). The network must end in a softmax output layer with a cross-entropy loss (MCXENT or negative
 * log-likelihood), so that its loss means what Frontier's divergence and chance rules expect; it takes the flat
 * feature rows (for images, {@code InputType.convolutionalFlat}).
 *
 * <p>DL4J's backward pass sums the gradient over the batch and its updater divides it by the batch size; here the
 * division is done at once, so {@link #grads()} is the gradient of the batch's mean loss. BatchNormalization's running
 * mean and variance are parameters in DL4J, moved by a "gradient" that its own updater subtracts as is (undivided). Here they stay inside the network and are updated the same way; {@link #params()} holds
 * only the trainable parameters, copied into the network before each step and their gradients out after it.
 */
final class Dl4jModel implements Model {
    /** DL4J clips the probabilities its cross-entropy takes the log of. */
    static final double CLIP = 1e-10;

    private final MultiLayerNetwork layers;
    private final ComputationGraph graph;
    private final INDArray params;
    private final INDArray grads;
    /** Trainable ranges of the network's flat parameters: {from, to, offset in ours}; and its running statistics. */
    private final List<long[]> trainable = new ArrayList<>();
    private final List<long[]> statistics = new ArrayList<>();

    private Dl4jModel(MultiLayerNetwork layers, ComputationGraph graph, DataType type) {
        this.layers = layers;
        this.graph = graph;
        INDArray flat = network().params();
        List<Map.Entry<String, INDArray>> table = new ArrayList<>(network().paramTable().entrySet());
        table.sort(Comparator.comparingLong(e -> e.getValue().offset()));
        long next = 0;
        long ours = 0;
        for (Map.Entry<String, INDArray> e : table) {
            long from = e.getValue().offset() - flat.offset();
            long to = from + e.getValue().length();
            if (from != next) throw new IllegalStateException("DL4J's parameter " + e.getKey() + " starts at " + from
                    + ", after a gap from " + next);
            next = to;
            if (isStatistic(e.getKey())) {
                statistics.add(new long[]{from, to});
            } else {
                trainable.add(new long[]{from, to, ours});
                ours += to - from;
            }
        }
        if (next != flat.length()) throw new IllegalStateException("DL4J's parameters cover " + next + " of "
                + flat.length());
        params = Nd4j.create(type, 1, Math.max(1, ours));
        grads = Nd4j.create(type, 1, Math.max(1, ours));
        for (long[] b : trainable) range(params, b[2], b[2] + b[1] - b[0]).assign(range(flat, b[0], b[1]));
    }

    /** BatchNormalization's running mean and variance (or log10 standard deviation): not trained, but tracked. */
    static boolean isStatistic(String key) {
        return key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev");
    }

    /**
     * The network of {@code json} (named {@code name} in messages), initialized from {@code seed}, without its own
     * regularization, in float.
     *
     * @throws IllegalArgumentException when the text is no DL4J configuration or its output is not softmax
     *                                  cross-entropy
     */
    static Dl4jModel of(String json, String name, long seed) {
        return of(json, name, seed, DataType.FLOAT);
    }

    /** The same in another floating-point type (double, for gradient checks). */
    static Dl4jModel of(String json, String name, long seed, DataType type) {
        if (json.contains("\"vertices\"")) {
            ComputationGraphConfiguration conf;
            try {
                conf = ComputationGraphConfiguration.fromJson(json);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + " is not a DL4J ComputationGraphConfiguration: " + e);
            }
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
                throw new IllegalArgumentException(name + ": a graph with one input and one output, got "
                        + conf.getNetworkInputs() + " and " + conf.getNetworkOutputs());
            }
            conf.setDataType(type);
            conf.getDefaultConfiguration().setSeed(seed);
            for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
                if (v.getValue() instanceof LayerVertex lv) prepare(lv.getLayerConf(), seed);
            }
            GraphVertex out = conf.getVertices().get(conf.getNetworkOutputs().get(0));
            requireCrossEntropy(out instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null, name);
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return new Dl4jModel(null, g, type);
        }
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not a DL4J MultiLayerConfiguration or "
                    + "ComputationGraphConfiguration: " + e);
        }
        conf.setDataType(type);
        for (NeuralNetConfiguration c : conf.getConfs()) prepare(c, seed);
        requireCrossEntropy(conf.getConf(conf.getConfs().size() - 1).getLayer(), name);
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return new Dl4jModel(n, null, type);
    }

    private static void prepare(NeuralNetConfiguration c, long seed) {
        c.setSeed(seed);
        if (c.getLayer() instanceof BaseLayer b) {
            b.setRegularization(new ArrayList<>());
            b.setRegularizationBias(new ArrayList<>());
        }
    }

    private static void requireCrossEntropy(Layer output, String name) {
        if (!(output instanceof BaseOutputLayer o) || !(o.getLossFn() instanceof LossMCXENT)
                || !(o.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException(name + ": the network must end in an output layer with softmax "
                    + "activation and MCXENT (or NEGATIVELOGLIKELIHOOD) loss, so that its loss is a cross-entropy; got "
                    + (output == null ? "no output layer" : output.getClass().getSimpleName()
                    + (output instanceof BaseOutputLayer o2 ? " with " + o2.getActivationFn() + " and "
                    + o2.getLossFn() : "")));
        }
    }

    private org.deeplearning4j.nn.api.Model network() {
        return layers != null ? layers : graph;
    }

    /** Elements {@code [from, to)} of a flat array (DL4J's are {@code [1, n]} or {@code [n]}), as a view. */
    private static INDArray range(INDArray flat, long from, long to) {
        if (flat.rank() == 1) return flat.get(NDArrayIndex.interval(from, to));
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray grads() {
        return grads;
    }

    @Override
    public double trainingStep(INDArray x, INDArray oneHot) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = network().params();
            for (long[] b : trainable) range(flat, b[0], b[1]).assign(range(params, b[2], b[2] + b[1] - b[0]));
            INDArray in = x.dup();
            INDArray labels = oneHot.dup();
            if (layers != null) {
                layers.setInput(in);
                layers.setLabels(labels);
                layers.computeGradientAndScore();
            } else {
                graph.setInputs(in);
                graph.setLabels(labels);
                graph.computeGradientAndScore();
            }
            INDArray gradient = network().getGradientsViewArray();
            // the running statistics move as DL4J's updater would move them: by their "gradient", as is
            for (long[] b : statistics) range(flat, b[0], b[1]).subi(range(gradient, b[0], b[1]));
            // DL4J's backward pass sums over the batch and its updater divides by the batch size (all but the
            // running statistics): the gradient of the batch's mean loss, which the score is
            double batch = x.size(0);
            for (long[] b : trainable) {
                range(grads, b[2], b[2] + b[1] - b[0]).assign(range(gradient, b[0], b[1])).divi(batch);
            }
            return network().score();
        }
    }

    @Override
    public Evaluation evaluate(INDArray x, INDArray oneHot) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = network().params();
            for (long[] b : trainable) range(flat, b[0], b[1]).assign(range(params, b[2], b[2] + b[1] - b[0]));
            INDArray in = x.dup();
            INDArray p = layers != null ? layers.output(in, false) : graph.output(false, in)[0];
            double[] probabilities = p.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] truth = oneHot.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            int classes = (int) p.size(1);
            double loss = 0;
            long correct = 0;
            for (int r = 0; r < p.size(0); r++) {
                int best = 0;
                int label = 0;
                for (int c = 0; c < classes; c++) {
                    if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
                    if (truth[r * classes + c] > 0.5) label = c;
                }
                loss -= Math.log(Math.max(CLIP, probabilities[r * classes + label]));
                if (best == label) correct++;
            }
            return new Evaluation(loss, correct);
        }
    }

    @Override
    public void close() {
        params.close();
        grads.close();
    }
}
