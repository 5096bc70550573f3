package dev.frontier.reports;

/**
 * What the report says about the run itself.
 *
 * @param master    the Spark master the sweep ran on
 * @param startedAt when the sweep started (ISO-8601), or null
 * @param updatedAt when this report was written (ISO-8601)
 * @param running   the sweep is still running: the page refreshes itself and shows a banner
 */
public record RunInfo(String master, String startedAt, String updatedAt, boolean running) {
}
