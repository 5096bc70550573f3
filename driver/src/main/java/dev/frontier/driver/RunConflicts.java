package dev.frontier.driver;

import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.store.RunFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a spec may run into a run directory that already holds another spec's trials. Adding values to an axis is
 * an extension (finished trials are reused); changing a setting every trial shares (the data, the model, the training
 * budget), or the contents of the CSV file, changes what the finished trials mean, and is refused.
 */
final class RunConflicts {
    private RunConflicts() {
    }

    /** The differences that make {@code runDir}'s finished trials mean something else than {@code spec}'s. */
    static List<Problem> between(Path runDir, SweepSpec spec, String dataFingerprint, int finished) {
        List<Problem> problems = new ArrayList<>();
        Path file = runDir.resolve(RunFiles.SPEC);
        if (!Files.exists(file)) return problems;
        SweepSpec before;
        try {
            before = SpecReader.read(file);
        } catch (BadInputException e) {
            problems.add(new Problem(file.toString(), "the spec this directory was run with cannot be read ("
                    + e.problems().get(0) + ")"));
            return withAdvice(problems, runDir, finished);
        }
        TrialConfig oldTrial = before.trials().isEmpty() ? null : before.trials().get(0);
        TrialConfig newTrial = spec.trials().isEmpty() ? null : spec.trials().get(0);
        for (Param p : Param.values()) {
            boolean sweptBefore = before.axis(p).isPresent();
            boolean sweptNow = spec.axis(p).isPresent();
            if (sweptBefore && sweptNow) continue;
            Object was = sweptBefore ? null : oldTrial == null ? null : oldTrial.get(p);
            Object is = sweptNow ? null : newTrial == null ? null : newTrial.get(p);
            if (!sweptBefore && !sweptNow) {
                if (!Objects.equals(was, is)) {
                    problems.add(new Problem(p.specPath(), show(was) + " in " + file + ", " + show(is)
                            + " in this spec"));
                }
            } else if (sweptNow) {
                List<Object> values = spec.axis(p).map(Axis::values).orElseThrow();
                if (!values.contains(was)) {
                    problems.add(new Problem("grid." + p.key(), "does not include " + show(was) + ", the "
                            + p.specPath() + " every trial in " + runDir + " was run with"));
                }
            } else {
                List<Object> values = before.axis(p).map(Axis::values).orElseThrow();
                if (!values.contains(is)) {
                    problems.add(new Problem(p.specPath(), show(is) + " is none of the values " + show(values)
                            + " that grid." + p.key() + " swept in " + file));
                }
            }
        }
        RunRecord record = RunRecord.read(runDir);
        if (record != null && record.data() != null && dataFingerprint != null
                && !record.data().equals(dataFingerprint)) {
            problems.add(new Problem(Param.CSV.specPath(), "the file's contents changed since the trials in "
                    + runDir + " were run (SHA-256 " + record.data().substring(0, 12) + "… then, "
                    + dataFingerprint.substring(0, 12) + "… now)"));
        }
        return problems.isEmpty() ? problems : withAdvice(problems, runDir, finished);
    }

    private static List<Problem> withAdvice(List<Problem> problems, Path runDir, int finished) {
        problems.add(new Problem(runDir.toString(), "holds " + finished + " finished trials of a different sweep; "
                + "run into another directory with --out DIR, or start over with --fresh (the old directory is kept, "
                + "renamed)"));
        return problems;
    }

    private static String show(Object v) {
        return v == null ? "nothing" : String.valueOf(v);
    }
}
