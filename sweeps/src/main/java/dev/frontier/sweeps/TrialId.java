package dev.frontier.sweeps;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.Serializable;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A stable content hash of a {@link TrialConfig}: the first 16 hex digits of the SHA-256 of its canonical JSON
 * (keys sorted, numbers as Java prints them). Same config, same id, on every run and machine.
 */
public record TrialId(@JsonValue String value) implements Serializable, Comparable<TrialId> {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public TrialId {
        if (value == null || !value.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a trial id is 16 lowercase hex digits, got " + value);
        }
    }

    public static TrialId of(TrialConfig config) {
        return new TrialId(HexFormat.of().formatHex(Sha256.of(canonicalJson(config))).substring(0, 16));
    }

    /** The text the id hashes. */
    static String canonicalJson(TrialConfig config) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(config.values()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int compareTo(TrialId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
