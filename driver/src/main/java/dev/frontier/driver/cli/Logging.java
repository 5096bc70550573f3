package dev.frontier.driver.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Log levels: WARN by default (the {@code log4j2.properties} at the jar's root), INFO for Frontier, Spark and ND4J
 * with {@code --verbose}.
 */
final class Logging {
    private static volatile boolean verbose;

    private Logging() {
    }

    static void configure(boolean beVerbose) {
        verbose = beVerbose;
        if (beVerbose) Configurator.setRootLevel(Level.INFO);
    }

    static boolean verbose() {
        return verbose;
    }
}
