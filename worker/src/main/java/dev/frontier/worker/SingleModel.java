package dev.frontier.worker;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Random;

/** A user's {@link Model} as a pack of one: the loss and gradient come together from {@link Model#trainingStep}. */
final class SingleModel implements PackedModel {
    private final Model model;
    private final String name;
    private final boolean stepWorkspace;

    SingleModel(Model model, String name) {
        this(model, name, true);
    }

    /** {@code stepWorkspace}: whether the model's per-step arrays may live in the runner's step workspace. */
    SingleModel(Model model, String name, boolean stepWorkspace) {
        this.model = model;
        this.name = name;
        this.stepWorkspace = stepWorkspace;
        INDArray p = model.params();
        INDArray g = model.grads();
        if (p == null || g == null || p.rank() != 2 || p.size(0) != 1 || !p.equalShapes(g)) {
            throw new IllegalStateException(name + ": params() and grads() must be two [1, n] arrays, got "
                    + (p == null ? "null" : Arrays.toString(p.shape())) + " and "
                    + (g == null ? "null" : Arrays.toString(g.shape())));
        }
        if (!wholeBuffer(p) || !wholeBuffer(g)) {
            throw new IllegalStateException(name + ": params() and grads() must each own their whole buffer (create "
                    + "them with Nd4j.create, not as views of a larger array)");
        }
        if (p.dataType() != DataType.FLOAT || g.dataType() != DataType.FLOAT) {
            throw new IllegalStateException(name + ": params() and grads() must be FLOAT, got " + p.dataType()
                    + " and " + g.dataType());
        }
    }

    private static boolean wholeBuffer(INDArray a) {
        return a.offset() == 0 && a.data().length() == a.length() && a.ordering() == 'c';
    }

    @Override
    public boolean stepWorkspace() {
        return stepWorkspace;
    }

    @Override
    public int members() {
        return 1;
    }

    @Override
    public INDArray params() {
        return model.params();
    }

    @Override
    public INDArray grads() {
        return model.grads();
    }

    /** The model initialized itself from the seed it was built with. */
    @Override
    public void initialize(int p, Random random) {
    }

    @Override
    public double[] trainingLoss(INDArray[] x, INDArray oneHot) {
        return new double[]{model.trainingStep(x[0], oneHot.slice(0))};
    }

    @Override
    public void backward(INDArray oneHot) {
    }

    @Override
    public double[][] evaluate(INDArray x, INDArray oneHot, int[] labels) {
        Model.Evaluation e = model.evaluate(x, oneHot);
        return new double[][]{{e.summedLoss()}, {e.correct()}};
    }

    @Override
    public void keep(int[] rows) {
        if (rows.length != 1 || rows[0] != 0) throw new IllegalStateException(name + " trains alone");
    }

    @Override
    public void close() {
        model.close();
    }
}
