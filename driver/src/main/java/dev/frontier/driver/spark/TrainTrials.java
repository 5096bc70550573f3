package dev.frontier.driver.spark;

import dev.frontier.driver.TrialInputs;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The task shipped to executors: trains the packs of one partition (one pack per partition) and returns their
 * results, which record the executor, Spark's version and the task's attempt. Datasets read from files and DL4J
 * networks arrive by broadcast ({@link TrialInputs}); built-in data is generated on the executor.
 */
final class TrainTrials extends AbstractFunction1<Iterator<List<TrialConfig>>, ArrayList<TrialResult>>
        implements Serializable {
    private final Broadcast<TrialInputs> inputs;
    private final String sparkVersion;

    TrainTrials(Broadcast<TrialInputs> inputs, String sparkVersion) {
        this.inputs = inputs;
        this.sparkVersion = sparkVersion;
    }

    @Override
    public ArrayList<TrialResult> apply(Iterator<List<TrialConfig>> packs) {
        String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        TrialRunner.Context context = new TrialRunner.Context(executor, sparkVersion, attempt);
        ArrayList<TrialResult> results = new ArrayList<>();
        while (packs.hasNext()) {
            List<TrialConfig> pack = packs.next();
            TrialInputs in = inputs.value();
            results.addAll(TrialRunner.run(pack, in.dataFor(pack.get(0)), in.networkFor(pack.get(0)), context));
        }
        return results;
    }
}
