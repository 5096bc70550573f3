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
import java.util.Map;

/**
 * The task shipped to executors: trains the trials of one partition (one trial per partition) and returns their
 * results, stamped with the executor that ran them. CSV datasets arrive by broadcast, keyed by the spec's path; built-in
 * data is generated on the executor.
 */
final class TrainTrials extends AbstractFunction1<Iterator<TrialConfig>, ArrayList<TrialResult>>
        implements Serializable {
    private final Broadcast<Map<String, Dataset>> csvData;
    private final String sparkVersion;

    TrainTrials(Broadcast<Map<String, Dataset>> csvData, String sparkVersion) {
        this.csvData = csvData;
        this.sparkVersion = sparkVersion;
    }

    @Override
    public ArrayList<TrialResult> apply(Iterator<TrialConfig> trials) {
        String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        ArrayList<TrialResult> results = new ArrayList<>();
        while (trials.hasNext()) {
            TrialConfig c = trials.next();
            Dataset data = c.csv() == null ? null : csvData.value().get(c.csv());
            TrialResult r = TrialRunner.run(c, data);
            results.add(r.withProvenance(r.provenance().withExecutor(executor, sparkVersion, attempt)));
        }
        return results;
    }
}
