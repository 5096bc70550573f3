package dev.frontier.worker;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

import java.lang.ref.Reference;

/**
 * ND4J's CPU op executioner, with every op kept reachable until its native call has returned.
 *
 * <p>Why: ND4J frees an array's native buffer descriptor from a background thread once the array's Java object is
 * unreachable. {@link NativeOpExecutioner} reads the native pointers of an op's arrays (inputs, output, and arrays the
 * op made itself: its reduction dimensions, its scalar) and then calls native code without touching the op again, so
 * the JIT may treat the op, and an array only it holds, as dead during the call. A garbage collection at that moment
 * lets the descriptor be freed under the running op: a rare SIGSEGV in {@code sd::DataBuffer::primary()} that kills
 * the whole JVM (seen in a Spark executor, whose busy heap collects often). Overriding the public entry points and
 * fencing the op (and its context) after the call closes that window for every op, whichever ND4J method built it.
 *
 * <p>Installed by {@link Nd4jRuntime} through ND4J's {@code opexec} property, before ND4J initialises.
 */
public final class FencedOpExecutioner extends NativeOpExecutioner {

    @Override
    public INDArray exec(Op op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(IndexAccumulation op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(Variance op) {
        try {
            return super.exec(op);
        } finally {
            Reference.reachabilityFence(op);
        }
    }

    @Override
    public INDArray exec(ReduceOp op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(ScalarOp op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(BroadcastOp op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }

    @Override
    public INDArray exec(RandomOp op, OpContext context, Random rng) {
        try {
            return super.exec(op, context, rng);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
            Reference.reachabilityFence(rng);
        }
    }

    @Override
    public INDArray[] exec(CustomOp op) {
        try {
            return super.exec(op);
        } finally {
            Reference.reachabilityFence(op);
        }
    }

    @Override
    public INDArray[] exec(CustomOp op, OpContext context) {
        try {
            return super.exec(op, context);
        } finally {
            Reference.reachabilityFence(op);
            Reference.reachabilityFence(context);
        }
    }
}
