package dev.frontier.sweeps;

import java.io.Serializable;

/**
 * Where and with what a trial ran: the executor's host and id, library versions, when it started (ISO-8601), which
 * attempt of its Spark task produced it (0 the first; a task is retried only when its executor was lost), and the
 * pack it trained in (an id shared by the trials that trained together, and how many they were). Fields a journal
 * written before packs existed lacks are null.
 */
public record Provenance(String host, String executorId, String javaVersion, String nd4jVersion, String sparkVersion,
                         String frontierVersion, String startedAt, Integer attempt, String pack, Integer packSize)
        implements Serializable {

    public Provenance(String host, String executorId, String javaVersion, String nd4jVersion, String sparkVersion,
                      String frontierVersion, String startedAt) {
        this(host, executorId, javaVersion, nd4jVersion, sparkVersion, frontierVersion, startedAt, null, null, null);
    }
}
