package com.example.frontier;

import dev.frontier.worker.Model;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualMlpTest {
    static INDArray[] batch(int rows, int features, int classes, DataType type) {
        Random r = new Random(3);
        double[][] x = new double[rows][features];
        double[][] y = new double[rows][classes];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) x[i][j] = r.nextGaussian();
            y[i][r.nextInt(classes)] = 1;
        }
        return new INDArray[]{Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type)};
    }

    /** The analytic gradient against central differences of the loss, in double, at every parameter. */
    @Test
    void theGradientMatchesFiniteDifferences() {
        ResidualMlp.Network net = new ResidualMlp.Network(3, 5, 2, 4, 1.0, 11, DataType.DOUBLE);
        INDArray[] b = batch(7, 3, 4, DataType.DOUBLE);
        net.trainingStep(b[0], b[1]);
        double[] analytic = net.grads().toDoubleVector();
        INDArray p = net.params();
        double h = 1e-6;
        double worst = 0;
        for (int i = 0; i < analytic.length; i++) {
            double v = p.getDouble(0, i);
            p.putScalar(0, i, v + h);
            double up = net.trainingStep(b[0], b[1]);
            p.putScalar(0, i, v - h);
            double down = net.trainingStep(b[0], b[1]);
            p.putScalar(0, i, v);
            double numeric = (up - down) / (2 * h);
            double error = Math.abs(numeric - analytic[i]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
            if (Math.abs(numeric) + Math.abs(analytic[i]) > 1e-9) worst = Math.max(worst, error);
        }
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test
    void aPerturbedGradientIsCaught() {
        ResidualMlp.Network net = new ResidualMlp.Network(3, 5, 1, 4, 1.0, 11, DataType.DOUBLE);
        INDArray[] b = batch(7, 3, 4, DataType.DOUBLE);
        net.trainingStep(b[0], b[1]);
        double analytic = net.grads().getDouble(0, 0) * 1.01;
        INDArray p = net.params();
        double v = p.getDouble(0, 0);
        p.putScalar(0, 0, v + 1e-6);
        double up = net.trainingStep(b[0], b[1]);
        p.putScalar(0, 0, v - 1e-6);
        double down = net.trainingStep(b[0], b[1]);
        double numeric = (up - down) / 2e-6;
        assertTrue(Math.abs(numeric - analytic) / Math.abs(numeric) > 1e-3, "a 1% error stands out");
    }

    @Test
    void evaluationSumsTheLossAndCountsTheRightAnswers() {
        Model m = new ResidualMlp().build(Map.of("width", 8, "blocks", 1, "initGain", 1.0),
                new ResidualMlp.Shape(3, 4), 5);
        INDArray[] b = batch(9, 3, 4, DataType.FLOAT);
        double mean = m.trainingStep(b[0], b[1]);
        Model.Evaluation e = m.evaluate(b[0], b[1]);
        assertEquals(mean * 9, e.summedLoss(), 1e-4 * Math.abs(mean * 9));
        assertTrue(e.correct() >= 0 && e.correct() <= 9);
        assertEquals(DataType.FLOAT, m.params().dataType());
        assertEquals(3 * 8 + 8 + 8 * 8 + 8 + 8 * 4 + 4, m.params().length());
    }
}
