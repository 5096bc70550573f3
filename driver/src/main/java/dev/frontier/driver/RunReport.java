package dev.frontier.driver;

import dev.frontier.reports.CsvExport;
import dev.frontier.reports.Curves;
import dev.frontier.reports.Frontier;
import dev.frontier.reports.FrontierAnalysis;
import dev.frontier.reports.FrontierJson;
import dev.frontier.reports.HtmlReport;
import dev.frontier.reports.RunInfo;
import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Membership;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunDirectory;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.sweeps.store.RunLock;
import dev.frontier.sweeps.store.RunRecord;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A run directory's derived files, written from its results: {@code frontier.json}, {@code report.html},
 * {@code trials.csv} and {@code frontier.csv}, each to a temporary file renamed into place, so a reader (or a browser
 * refreshing the live report) never sees half a file. Also reads a finished run back, and rebuilds its report.
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes the derived files; {@code curves} finds the loss curves the report draws (see {@link Curves}). */
    static Frontier write(RunDirectory dir, SweepSpec spec, List<TrialResult> results, RunInfo info, String rows,
                          Curves curves) {
        Frontier frontier = FrontierAnalysis.of(spec, results);
        dir.write(RunFiles.FRONTIER, FrontierJson.render(frontier));
        dir.write(RunFiles.REPORT, HtmlReport.render(spec, frontier, results, info, rows, curves));
        dir.write(RunFiles.TRIALS_CSV, CsvExport.trials(results));
        dir.write(RunFiles.FRONTIER_CSV, CsvExport.frontier(frontier));
        return frontier;
    }

    /** Checks that {@code rows} (the phase diagrams' row axis; null for the default) is a swept parameter. */
    static void checkRows(SweepSpec spec, String rows) {
        if (rows == null) return;
        List<String> swept = spec.configurationAxes().stream().map(Axis::key).toList();
        if (!swept.contains(rows)) {
            throw new BadInputException("--rows " + rows, swept.isEmpty()
                    ? "the sweep has no swept parameter besides learningRate and seed to draw as rows"
                    : "is not a swept parameter of this sweep; one of: " + String.join(", ", swept));
        }
    }

    /** The results that belong to {@code spec} (a run directory may also hold trials of an earlier version of it). */
    static List<TrialResult> of(SweepSpec spec, Collection<TrialResult> results) {
        Membership members = Membership.of(spec);
        return results.stream().filter(r -> members.includes(r.config())).toList();
    }

    /**
     * A run directory read back: its spec as run, the results that belong to it (without their loss curves), lines
     * that could not be read, and where to read a result's curve.
     */
    public record Finished(Path runDir, SweepSpec spec, List<TrialResult> results, List<Problem> unreadable,
                           Curves curves) {
    }

    /** Reads a run directory's {@code sweep.yaml} and {@code trials.jsonl}; bad input when it is not a run directory. */
    public static Finished read(Path path) {
        RunDirectory dir = new RunDirectory(path);
        dir.requireRun(path.toString());
        SweepSpec spec = dir.spec();
        ResultStore.Contents contents = dir.journal();
        List<Problem> problems = new ArrayList<>(contents.unreadable());
        RunConflicts.olderRecords(dir, spec, contents.results()).ifPresent(problems::add);
        return new Finished(path, spec, of(spec, contents.results()), problems, contents::curve);
    }

    /** Rewrites a run directory's derived files from its {@code sweep.yaml} and {@code trials.jsonl}. */
    public static SweepController.Summary rebuild(Path path, String rows, PrintWriter out) {
        RunDirectory dir = new RunDirectory(path);
        dir.requireRun(path.toString());
        // what can be wrong is found before the lock file is made
        checkRows(dir.spec(), rows);
        RunRecord record = dir.record();
        try (RunLock ignored = dir.lock(path.toString())) {
            Finished run = read(path);
            for (Problem p : run.unreadable()) out.println("warning: " + p + " (skipped)");
            RunInfo info = new RunInfo(record == null ? null : record.master(),
                    record == null ? null : record.startedAt(), SweepController.now(), false);
            Frontier frontier = write(dir, run.spec(), run.results(), info, rows, run.curves());
            SweepController.Summary summary = new SweepController.Summary(path, frontier, 0, run.results().size(),
                    false, null);
            SweepController.printSummary(summary, out);
            return summary;
        }
    }
}
