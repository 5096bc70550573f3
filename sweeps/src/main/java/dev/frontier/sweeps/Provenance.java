package dev.frontier.sweeps;

import java.io.Serializable;

/**
 * Where and with what a trial ran: the executor's host and id, library versions, when it started (ISO-8601), and
 * which attempt of its Spark task produced it (0 the first; a task is retried only when its executor was lost).
 * Fields the worker cannot know (the Spark executor, Spark's version, the attempt) are filled in by the driver's task.
 */
public record Provenance(String host, String executorId, String javaVersion, String nd4jVersion, String sparkVersion,
                         String frontierVersion, String startedAt, Integer attempt) implements Serializable {

    public Provenance(String host, String executorId, String javaVersion, String nd4jVersion, String sparkVersion,
                      String frontierVersion, String startedAt) {
        this(host, executorId, javaVersion, nd4jVersion, sparkVersion, frontierVersion, startedAt, null);
    }

    public Provenance withExecutor(String executorId, String sparkVersion, int attempt) {
        return new Provenance(host, executorId, javaVersion, nd4jVersion, sparkVersion, frontierVersion, startedAt,
                attempt);
    }
}
