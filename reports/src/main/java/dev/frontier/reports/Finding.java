package dev.frontier.reports;

/** One sentence of the report's summary, and the anchor of its evidence in the report ("" when none). */
public record Finding(String text, String evidence) {
}
