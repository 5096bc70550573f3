package dev.frontier.reports;

import dev.frontier.sweeps.CurvePoint;
import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the HTML report shows, computed before any of it is drawn: the frontier (with its findings), the phase
 * diagrams' panels and rows, the loss range their colours span, the trials whose loss curves are drawn (curves read),
 * the failed trials, where trials ran and the tasks' timeline. {@link HtmlReport} only formats it.
 *
 * @param rowAxis     the swept parameter drawn as the phase diagrams' rows, or null
 * @param panels      the configurations of each phase-diagram (and sensitivity) panel, by panel title
 * @param lossLow     the lowest median final loss of a stable point (the colour scale's dark end)
 * @param lossHigh    the highest
 * @param drawn       per configuration (in the frontier's order), the trials whose loss curves are drawn
 * @param failed      failed trials, at most {@value #FAILED_LISTED}
 * @param failedCount every failed trial
 * @param executors   trials and training time per place they ran ("host · executor 1")
 * @param spans       the tasks' timeline, empty beyond {@value #SPANS_DRAWN} tasks
 * @param busy        the share of the time the task slots were training
 */
public record ReportModel(SweepSpec spec, Frontier frontier, String rowAxis,
                          Map<String, List<ConfigurationFrontier>> panels, double lossLow, double lossHigh,
                          List<List<Drawn>> drawn, List<TrialResult> failed, int failedCount,
                          Map<String, Work> executors, List<Utilisation.Span> spans, double busy,
                          Provenance provenance) {
    /** Failed trials listed by name. */
    static final int FAILED_LISTED = 200;
    /** Tasks drawn on the utilisation timeline, at most. */
    static final int SPANS_DRAWN = 20_000;

    /** A trial whose loss curve is drawn, with the curve. */
    public record Drawn(TrialResult trial, List<CurvePoint> curve) {
    }

    /** Trials and training time at one place. */
    public record Work(int trials, double seconds) {
    }

    /**
     * The model of {@code results}' report: {@code rows} picks the phase diagrams' rows (null: the default),
     * {@code curves} reads the curves of the trials drawn, {@code since} limits the timeline to the latest run.
     */
    public static ReportModel of(SweepSpec spec, Frontier f, List<TrialResult> results, String rows, Curves curves,
                                 String since) {
        String rowAxis = PhaseDiagram.rows(f, rows);
        List<Double> losses = new ArrayList<>();
        f.configurations().forEach(c -> c.points().forEach(p -> {
            if (p.stable() && p.medianFinalLoss() != null) losses.add(p.medianFinalLoss());
        }));
        Double lo = Stats.min(losses);
        Double hi = Stats.max(losses);

        Map<Map<String, Object>, List<TrialResult>> byConfiguration = new LinkedHashMap<>();
        for (TrialResult r : results) {
            byConfiguration.computeIfAbsent(configurationOf(f, r), k -> new ArrayList<>()).add(r);
        }
        List<List<Drawn>> drawn = new ArrayList<>();
        for (ConfigurationFrontier c : f.configurations()) {
            List<Double> lrs = LossCurves.chosen(c);
            List<Drawn> shown = new ArrayList<>();
            for (TrialResult t : byConfiguration.getOrDefault(c.configuration(), List.of())) {
                if (lrs.contains(t.config().learningRate())) shown.add(new Drawn(t, curves.of(t)));
            }
            drawn.add(shown);
        }

        List<TrialResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        Map<String, Work> executors = new TreeMap<>();
        for (Map.Entry<TrialResult, Integer> work : Utilisation.work(results)) {
            Provenance q = work.getKey().provenance();
            String where = q == null ? "unknown" : q.host() + (q.executorId() == null ? "" : " · executor "
                    + q.executorId());
            executors.merge(where, new Work(work.getValue(), work.getKey().wallSeconds()),
                    (a, b) -> new Work(a.trials() + b.trials(), a.seconds() + b.seconds()));
        }
        List<Utilisation.Span> spans = Utilisation.spans(results, since);
        if (spans.size() > SPANS_DRAWN) spans = List.of();
        double busy = spans.isEmpty() ? 0 : Utilisation.busy(Utilisation.lanes(spans));
        return new ReportModel(spec, f, rowAxis, PhaseDiagram.panels(f, rowAxis), lo == null ? 1 : lo,
                hi == null ? 1 : hi, drawn, failed.subList(0, Math.min(FAILED_LISTED, failed.size())), failed.size(),
                executors, spans, busy, results.isEmpty() ? null : results.get(0).provenance());
    }

    /** A result's configuration: its values of the frontier's configuration parameters. */
    static Map<String, Object> configurationOf(Frontier f, TrialResult r) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String name : f.configurationParameters()) key.put(name, r.config().values().get(name));
        return key;
    }
}
