package dev.frontier.sweeps;

import java.io.Serializable;

/**
 * Where and with what a trial ran: the executor's host and id, library versions, and when it started (ISO-8601).
 * Fields the worker cannot know (the Spark executor, Spark's version) are filled in by the driver's task.
 */
public record Provenance(String host, String executorId, String javaVersion, String nd4jVersion, String sparkVersion,
                         String frontierVersion, String startedAt) implements Serializable {

    public Provenance withExecutor(String executorId, String sparkVersion) {
        return new Provenance(host, executorId, javaVersion, nd4jVersion, sparkVersion, frontierVersion, startedAt);
    }
}
