package dev.frontier.worker;

import dev.frontier.sweeps.OpenParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The built-in MLP as a plug-in would be: through the public {@link Model} interface, one member, initialized from
 * the seed it is built with. A trial trained through it must match the built-in path bit for bit.
 */
public final class MlpPlugin implements ModelPlugin {
    @Override
    public List<OpenParam> parameters() {
        return List.of(OpenParam.widths("hidden", List.of(32, 32), "hidden widths"),
                OpenParam.choice("norm", "none", "normalization", "none", "batchnorm", "layernorm"),
                OpenParam.choice("activation", "relu", "activation", "relu", "tanh", "gelu", "linear"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Model build(Map<String, Object> parameters, Shape shape, long seed) {
        PackedMlp net = new PackedMlp(shape.features(), (List<Integer>) parameters.get("hidden"), shape.classes(),
                Activation.of((String) parameters.get("activation")),
                PackedMlp.Norm.valueOf(((String) parameters.get("norm")).toUpperCase()), TrialRunner.DTYPE, 1);
        net.initialize(0, new Random(seed));
        return new Model() {
            @Override
            public INDArray params() {
                return net.params();
            }

            @Override
            public INDArray grads() {
                return net.grads();
            }

            @Override
            public double trainingStep(INDArray x, INDArray oneHot) {
                INDArray packed = oneHot.reshape(1, oneHot.size(0), oneHot.size(1));
                double loss = net.trainingLoss(new INDArray[]{x}, packed)[0];
                net.backward(packed);
                return loss;
            }

            @Override
            public Evaluation evaluate(INDArray x, INDArray oneHot) {
                int[] labels = Nd4j.argMax(oneHot, 1).toIntVector();
                double[][] e = net.evaluate(x, oneHot, labels);
                return new Evaluation(e[0][0], (long) e[1][0]);
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }
}
