package dev.frontier.driver.spark;

import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.worker.TrialRunner;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task shipped to executors: trains the packs of one partition (one pack per partition) and returns their
 * results, which record the executor, Spark's version and the task's attempt. CSV datasets arrive by broadcast, keyed
 * by the spec's path; built-in data is generated on the executor.
 */
final class TrainTrials extends AbstractFunction1<Iterator<List<TrialConfig>>, ArrayList<TrialResult>>
        implements Serializable {
    private final Broadcast<Map<String, Dataset>> csvData;
    private final String sparkVersion;

    TrainTrials(Broadcast<Map<String, Dataset>> csvData, String sparkVersion) {
        this.csvData = csvData;
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
            String csv = pack.get(0).dataFile();
            results.addAll(TrialRunner.run(pack, csv == null ? null : csvData.value().get(csv), context));
        }
        return results;
    }
}
