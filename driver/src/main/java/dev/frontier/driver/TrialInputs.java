package dev.frontier.driver;

import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.data.Dataset;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What the workers need besides a trial's config, read once on the driver and shipped with the work: the datasets
 * read from files by their path in the spec ({@link TrialConfig#dataFile()}), and the text of DL4J network files by
 * theirs ({@link TrialConfig#dl4j()}).
 */
public record TrialInputs(Map<String, Dataset> data, Map<String, String> networks) implements Serializable {
    public static final TrialInputs NONE = new TrialInputs(Map.of(), Map.of());

    public TrialInputs {
        data = new HashMap<>(data);
        networks = new HashMap<>(networks);
    }

    /** The dataset of {@code c}'s data file, or null for built-in data. */
    public Dataset dataFor(TrialConfig c) {
        return c.dataFile() == null ? null : data.get(c.dataFile());
    }

    /** The configuration text of {@code c}'s DL4J network, or null when it has none. */
    public String networkFor(TrialConfig c) {
        return c.dl4j() == null ? null : networks.get(c.dl4j());
    }
}
