package dev.frontier.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.sweeps.store.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code frontier.json}: the {@link Frontier} as JSON, with the summary sentences; keys in a fixed order. A pure function
 * of the trials' outcomes and losses: no times, so a resumed sweep writes the same file as an uninterrupted one.
 */
public final class FrontierJson {
    private FrontierJson() {
    }

    public static String render(Frontier f) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", f.sweep());
        doc.put("configurationParameters", f.configurationParameters());
        Frontier.Counts n = f.counts();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("finished", n.finished());
        counts.put("planned", n.planned());
        counts.put("plannedAtMost", n.plannedAtMost());
        counts.put("converged", n.converged());
        counts.put("stalled", n.stalled());
        counts.put("diverged", n.diverged());
        counts.put("failed", n.failed());
        doc.put("counts", counts);
        doc.put("findings", f.findings().stream().map(Finding::text).toList());
        doc.put("configurations", f.configurations());
        doc.put("gains", f.gains());
        try {
            return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
