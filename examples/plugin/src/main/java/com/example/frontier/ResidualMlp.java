package com.example.frontier;

import dev.frontier.sweeps.OpenParam;
import dev.frontier.worker.Model;
import dev.frontier.worker.ModelPlugin;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A residual MLP, as a Frontier plug-in: {@code h0 = relu(x W0 + b0)}, then {@code blocks} times
 * {@code h = h + relu(h W + b)}, then {@code logits = h Wout + bout}, softmax cross-entropy. Its parameters:
 * {@code width}, {@code blocks}, and {@code initGain}, which multiplies every initial weight (He-normal at gain 1):
 * the knob to sweep against the learning rate, since a residual stack's signal grows with depth and gain.
 */
public final class ResidualMlp implements ModelPlugin {
    @Override
    public List<OpenParam> parameters() {
        return List.of(
                OpenParam.integer("width", 64, 1, 4096, "width of every hidden layer"),
                OpenParam.integer("blocks", 2, 0, 64, "residual blocks after the input layer"),
                OpenParam.real("initGain", 1.0, 0.01, 100.0, "multiplies every He-normal initial weight"));
    }

    @Override
    public Model build(Map<String, Object> parameters, Shape shape, long seed) {
        return new Network(shape.features(), (Integer) parameters.get("width"), (Integer) parameters.get("blocks"),
                shape.classes(), (Double) parameters.get("initGain"), seed, DataType.FLOAT);
    }

    /** The network: parameters and gradients in one row each, every layer a view into them. */
    static final class Network implements Model {
        private final INDArray params;
        private final INDArray grads;
        private final List<INDArray[]> layers = new ArrayList<>();
        private final List<INDArray[]> layerGrads = new ArrayList<>();
        // what the forward pass keeps for the backward pass
        private INDArray input;
        private final List<INDArray> pre = new ArrayList<>();
        private final List<INDArray> hidden = new ArrayList<>();
        private INDArray probabilities;

        Network(int features, int width, int blocks, int classes, double gain, long seed, DataType type) {
            int[][] shapes = new int[blocks + 2][];
            shapes[0] = new int[]{features, width};
            for (int k = 1; k <= blocks; k++) shapes[k] = new int[]{width, width};
            shapes[blocks + 1] = new int[]{width, classes};
            long size = 0;
            for (int[] s : shapes) size += (long) s[0] * s[1] + s[1];
            params = Nd4j.create(type, 1, size);
            grads = Nd4j.create(type, 1, size);
            long offset = 0;
            Random random = new Random(seed);
            double[] init = new double[(int) size];
            for (int[] s : shapes) {
                long w = offset;
                long b = w + (long) s[0] * s[1];
                layers.add(new INDArray[]{view(params, w, s[0], s[1]), view(params, b, 1, s[1])});
                layerGrads.add(new INDArray[]{view(grads, w, s[0], s[1]), view(grads, b, 1, s[1])});
                double std = gain * Math.sqrt(2.0 / s[0]);
                for (long i = w; i < b; i++) init[(int) i] = std * random.nextGaussian();
                offset = b + s[1];
            }
            params.assign(Nd4j.createFromArray(init).castTo(type).reshape(1, size));
        }

        private static INDArray view(INDArray row, long offset, long rows, long cols) {
            return row.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + rows * cols))
                    .reshape('c', rows, cols);
        }

        @Override
        public INDArray params() {
            return params;
        }

        @Override
        public INDArray grads() {
            return grads;
        }

        private INDArray logits(INDArray x) {
            input = x;
            pre.clear();
            hidden.clear();
            INDArray h = null;
            for (int k = 0; k < layers.size(); k++) {
                INDArray[] l = layers.get(k);
                INDArray z = (k == 0 ? x : h).mmul(l[0]).addiRowVector(l[1]);
                if (k == layers.size() - 1) return z;
                pre.add(z);
                INDArray a = Transforms.relu(z, true);
                h = k == 0 ? a : h.add(a);
                hidden.add(h);
            }
            throw new IllegalStateException("no output layer");
        }

        /** Per row, the softmax cross-entropy of {@code logits} against {@code oneHot}, computed stably. */
        private INDArray crossEntropy(INDArray logits, INDArray oneHot) {
            INDArray max = logits.max(true, 1);
            INDArray shifted = logits.subColumnVector(max);
            INDArray exp = Transforms.exp(shifted, true);
            INDArray sum = exp.sum(true, 1);
            probabilities = exp.diviColumnVector(sum);
            return Transforms.log(sum, false).subi(shifted.mul(oneHot).sum(true, 1));
        }

        @Override
        public double trainingStep(INDArray x, INDArray oneHot) {
            INDArray loss = crossEntropy(logits(x), oneHot);
            long batch = x.size(0);
            INDArray d = probabilities.sub(oneHot).divi(batch);
            for (int k = layers.size() - 1; k >= 0; k--) {
                INDArray in = k == 0 ? input : hidden.get(k - 1);
                INDArray[] g = layerGrads.get(k);
                if (k < layers.size() - 1) {
                    // d is the gradient at h_k; through relu(z_k) to z_k (the residual path carries d on unchanged)
                    INDArray dz = d.mul(pre.get(k).gt(0).castTo(d.dataType()));
                    g[0].assign(in.transpose().mmul(dz));
                    g[1].assign(dz.sum(true, 0));
                    if (k > 0) d = d.add(dz.mmul(layers.get(k)[0].transpose()));
                } else {
                    g[0].assign(in.transpose().mmul(d));
                    g[1].assign(d.sum(true, 0));
                    d = d.mmul(layers.get(k)[0].transpose());
                }
            }
            return loss.meanNumber().doubleValue();
        }

        @Override
        public Evaluation evaluate(INDArray x, INDArray oneHot) {
            INDArray logits = logits(x);
            double loss = crossEntropy(logits, oneHot).sumNumber().doubleValue();
            long[] predicted = Nd4j.argMax(logits, 1).toLongVector();
            long[] actual = Nd4j.argMax(oneHot, 1).toLongVector();
            long correct = 0;
            for (int i = 0; i < predicted.length; i++) if (predicted[i] == actual[i]) correct++;
            return new Evaluation(loss, correct);
        }

        @Override
        public void close() {
            params.close();
            grads.close();
        }
    }
}
