package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Locale;

/** A hidden layer's activation: its value, and the gradient through it. */
enum Activation {
    RELU {
        @Override
        INDArray apply(INDArray y) {
            return Transforms.relu(y, true);
        }

        @Override
        INDArray backward(INDArray y, INDArray a, INDArray da) {
            return da.muli(Transforms.step(y, true));
        }
    },
    TANH {
        @Override
        INDArray apply(INDArray y) {
            return Transforms.tanh(y, true);
        }

        @Override
        INDArray backward(INDArray y, INDArray a, INDArray da) {
            return da.muli(a.mul(a).rsubi(1.0));
        }
    },
    /** The exact GELU, x * Phi(x) with Phi the standard normal CDF (not the tanh or sigmoid approximation). */
    GELU {
        private static final double INV_SQRT2 = 0.7071067811865476;
        private static final double INV_SQRT_2PI = 0.3989422804014327;

        @Override
        INDArray apply(INDArray y) {
            return y.mul(cdf(y));
        }

        @Override
        INDArray backward(INDArray y, INDArray a, INDArray da) {
            // d/dy [y Phi(y)] = Phi(y) + y phi(y), phi(y) = exp(-y^2 / 2) / sqrt(2 pi)
            INDArray pdf = Transforms.exp(y.mul(y).muli(-0.5), false).muli(INV_SQRT_2PI);
            return da.muli(pdf.muli(y).addi(cdf(y)));
        }

        private INDArray cdf(INDArray y) {
            INDArray erf = y.mul(INV_SQRT2);
            Nd4j.exec(new Erf(erf, erf));
            return erf.addi(1.0).muli(0.5);
        }
    },
    LINEAR {
        @Override
        INDArray apply(INDArray y) {
            return y;
        }

        @Override
        INDArray backward(INDArray y, INDArray a, INDArray da) {
            return da;
        }
    };

    /** The activation of the pre-activation {@code y} (a new array, or {@code y} itself for LINEAR). */
    abstract INDArray apply(INDArray y);

    /** The gradient with respect to {@code y}, given {@code a = apply(y)} and the gradient {@code da}; may reuse da. */
    abstract INDArray backward(INDArray y, INDArray a, INDArray da);

    /** He-normal initialization suits the ReLU family; Glorot the others. */
    boolean reluFamily() {
        return this == RELU || this == GELU;
    }

    static Activation of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
