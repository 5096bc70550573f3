package dev.frontier.driver;

import dev.frontier.reports.CsvExport;
import dev.frontier.reports.Frontier;
import dev.frontier.reports.FrontierAnalysis;
import dev.frontier.reports.FrontierJson;
import dev.frontier.reports.HtmlReport;
import dev.frontier.reports.RunInfo;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.AtomicFiles;
import dev.frontier.sweeps.store.RunFiles;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Writes a run directory's derived files from its results: {@code frontier.json}, {@code report.html},
 * {@code trials.csv} and {@code frontier.csv}, each to a temporary file renamed into place, so a reader (or a browser
 * refreshing the live report) never sees half a file.
 */
final class RunReport {
    private RunReport() {
    }

    static Frontier write(Path runDir, SweepSpec spec, List<TrialResult> results, RunInfo info, String rows) {
        Frontier frontier = FrontierAnalysis.of(spec, results);
        AtomicFiles.write(runDir.resolve(RunFiles.FRONTIER), FrontierJson.render(frontier));
        AtomicFiles.write(runDir.resolve(RunFiles.REPORT), HtmlReport.render(spec, frontier, results, info, rows));
        AtomicFiles.write(runDir.resolve(RunFiles.TRIALS_CSV), CsvExport.trials(results));
        AtomicFiles.write(runDir.resolve(RunFiles.FRONTIER_CSV), CsvExport.frontier(frontier));
        return frontier;
    }

    /** Checks that {@code rows} (the phase diagrams' row axis; null for the default) is a swept parameter. */
    static void checkRows(SweepSpec spec, String rows) {
        if (rows == null) return;
        List<String> swept = spec.axes().stream().map(a -> a.key())
                .filter(k -> !k.equals("learningRate") && !k.equals("seed")).toList();
        if (!swept.contains(rows)) {
            throw new dev.frontier.sweeps.BadInputException("--rows " + rows, swept.isEmpty()
                    ? "the sweep has no swept parameter besides learningRate and seed to draw as rows"
                    : "is not a swept parameter of this sweep; one of: " + String.join(", ", swept));
        }
    }

    /** The results that belong to {@code spec} (a run directory may also hold trials of an earlier version of it). */
    static List<TrialResult> of(SweepSpec spec, Collection<TrialResult> results) {
        Set<TrialId> ids = SweepRun.ids(spec);
        return results.stream().filter(r -> ids.contains(r.trialId())).toList();
    }
}
