package dev.frontier.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code trials.csv} and {@code frontier.csv}: flat tables for spreadsheets and pandas, one header row, one row per
 * trial or configuration. A list value (the hidden widths) is written as JSON text, e.g. {@code [128,128]}; a missing
 * number is an empty cell.
 */
public final class CsvExport {
    private static final CsvMapper CSV = new CsvMapper();

    private CsvExport() {
    }

    /**
     * One row per trial: its id, every parameter (a plug-in model's too), outcome, metrics (the named ones any trial
     * has, too) and where it ran.
     */
    public static String trials(List<TrialResult> results) {
        Set<String> open = new TreeSet<>();
        Set<String> named = new TreeSet<>();
        for (TrialResult r : results) {
            r.config().values().keySet().stream().filter(k -> Param.byKey(k).isEmpty()).forEach(open::add);
            named.addAll(r.metrics().keySet());
        }
        List<String> columns = new ArrayList<>(List.of("trialId"));
        for (Param p : Param.values()) columns.add(p.key());
        columns.addAll(open);
        columns.addAll(List.of("outcome", "stepsRun", "divergedAtStep", "initialLoss", "finalLoss", "bestLoss",
                "chanceLoss", "finalAccuracy", "validationLoss", "stepsToTarget"));
        columns.addAll(named);
        columns.addAll(List.of("wallSeconds", "host", "executorId", "message"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrialResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trialId", r.trialId().toString());
            for (Param p : Param.values()) row.put(p.key(), cell(r.config().values().get(p.key())));
            for (String k : open) row.put(k, cell(r.config().values().get(k)));
            row.put("outcome", r.outcome().name());
            row.put("stepsRun", r.stepsRun());
            row.put("divergedAtStep", r.divergedAtStep());
            row.put("initialLoss", r.initialLoss());
            row.put("finalLoss", r.finalLoss());
            row.put("bestLoss", r.bestLoss());
            row.put("chanceLoss", r.chanceLoss());
            row.put("finalAccuracy", r.finalAccuracy());
            row.put("validationLoss", r.validationLoss());
            row.put("stepsToTarget", r.stepsToTarget());
            for (String m : named) row.put(m, r.metric(m));
            row.put("wallSeconds", r.wallSeconds());
            row.put("host", r.provenance() == null ? null : r.provenance().host());
            row.put("executorId", r.provenance() == null ? null : r.provenance().executorId());
            row.put("message", r.message());
            rows.add(row);
        }
        return write(columns, rows);
    }

    /** One row per configuration: its swept parameters and its frontier numbers. */
    public static String frontier(Frontier f) {
        List<String> columns = new ArrayList<>(f.configurationParameters());
        columns.addAll(List.of("bestLearningRate", "maxStableLearningRate", "maxStableIsGridEdge",
                "firstUnstableLearningRate", "lrSensitivity", "bestLoss", "accuracyAtBest", "seedsDisagree", "trials"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConfigurationFrontier c : f.configurations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String name : f.configurationParameters()) row.put(name, cell(c.get(name)));
            LrPoint best = c.point(c.bestLearningRate());
            row.put("bestLearningRate", c.bestLearningRate());
            row.put("maxStableLearningRate", c.maxStableLearningRate());
            row.put("maxStableIsGridEdge", c.maxStableIsGridEdge());
            row.put("firstUnstableLearningRate", c.firstUnstableLearningRate());
            row.put("lrSensitivity", c.lrSensitivity());
            row.put("bestLoss", c.bestLoss());
            row.put("accuracyAtBest", best == null ? null : best.medianAccuracy());
            row.put("seedsDisagree", !c.mixedSeedLearningRates().isEmpty());
            row.put("trials", c.trials());
            rows.add(row);
        }
        return write(columns, rows);
    }

    private static Object cell(Object v) {
        if (v instanceof List<?> list) {
            try {
                return Json.mapper().writeValueAsString(list);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return v;
    }

    private static String write(List<String> columns, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) return String.join(",", columns) + "\n";
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
