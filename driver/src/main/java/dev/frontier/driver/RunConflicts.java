package dev.frontier.driver;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.RunDirectory;
import dev.frontier.sweeps.store.RunFiles;
import dev.frontier.sweeps.store.RunRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a spec may run into a run directory that already holds another spec's trials. Adding values to an axis is
 * an extension (finished trials are reused); changing a setting every trial shares (the data, the model, the training
 * budget), or the contents of the CSV file, changes what the finished trials mean, and is refused.
 */
final class RunConflicts {
    private RunConflicts() {
    }

    /**
     * The differences that make {@code runDir}'s finished trials ({@code journaled}) mean something else than
     * {@code spec}'s.
     */
    static List<Problem> between(RunDirectory runDir, SweepSpec spec, String dataFingerprint,
                                 List<TrialResult> journaled) {
        List<Problem> problems = new ArrayList<>();
        int finished = journaled.size();
        Path file = runDir.file(RunFiles.SPEC);
        olderRecords(runDir, spec, journaled).ifPresent(problems::add);
        if (!Files.exists(file) || finished == 0) return problems.isEmpty() ? problems
                : withAdvice(problems, runDir, finished);
        SweepSpec before;
        try {
            before = SpecReader.read(file);
        } catch (BadInputException e) {
            problems.add(new Problem(file.toString(), "the spec this directory was run with cannot be read ("
                    + e.problems().get(0) + ")"));
            return withAdvice(problems, runDir, finished);
        }
        List<TrialConfig> oldTrials = before.trials();
        List<TrialConfig> newTrials = spec.trials();
        for (Param p : Param.values()) {
            if (before.axis(p).isPresent() && spec.axis(p).isPresent()) continue; // an axis may change freely
            Set<Object> was = values(oldTrials, p);
            Set<Object> is = values(newTrials, p);
            // defaults that follow other settings (weightDecay follows optimizer) vary with them: only a setting
            // whose values share nothing with the old ones changes what every finished trial means
            if (!Collections.disjoint(was, is) || (was.isEmpty() && is.isEmpty())) continue;
            String where = spec.axis(p).isPresent() ? "grid." + p.key() : p.specPath();
            problems.add(new Problem(where, show(was) + " in " + file + ", " + show(is) + " in this spec"));
        }
        // a plug-in model's own parameters, by the same rule
        Set<String> open = new TreeSet<>(before.model().keySet());
        open.addAll(spec.model().keySet());
        for (String key : open) {
            Set<Object> was = values(oldTrials, key);
            Set<Object> is = values(newTrials, key);
            if (!Collections.disjoint(was, is)) continue;
            problems.add(new Problem(key, show(was) + " in " + file + ", " + show(is) + " in this spec"));
        }
        RunRecord record = runDir.record();
        if (record != null && record.data() != null && dataFingerprint != null
                && !record.data().equals(dataFingerprint)) {
            String[] then = parts(record.data());
            String[] now = parts(dataFingerprint);
            if (!then[0].equals(now[0]) && !now[0].isEmpty()) {
                problems.add(new Problem(spec.fixed().containsKey(Param.IMAGES) ? Param.IMAGES.specPath()
                        : Param.CSV.specPath(), changed(runDir, then[0], now[0])));
            }
            if (!then[1].equals(now[1]) && !now[1].isEmpty()) {
                problems.add(new Problem(Param.DL4J.specPath(), changed(runDir, then[1], now[1])));
            }
        }
        return problems.isEmpty() ? problems : withAdvice(problems, runDir, finished);
    }

    /** A fingerprint's data and network parts (either may be empty). */
    private static String[] parts(String fingerprint) {
        int at = fingerprint.indexOf(DataCheck.NETWORK);
        return at < 0 ? new String[]{fingerprint, ""}
                : new String[]{fingerprint.substring(0, at), fingerprint.substring(at + DataCheck.NETWORK.length())};
    }

    private static String changed(RunDirectory runDir, String then, String now) {
        return "the file's contents changed since the trials in " + runDir + " were run (SHA-256 "
                + (then.isEmpty() ? "none" : then.substring(0, 12) + "…") + " then, " + now.substring(0, 12)
                + "… now)";
    }

    /**
     * Trials recorded by an older Frontier, before a parameter every trial now has existed: their ids differ from any
     * trial of the spec, so they would silently not count. Names the parameters they lack.
     */
    static Optional<Problem> olderRecords(RunDirectory runDir, SweepSpec spec, List<TrialResult> journaled) {
        if (journaled.isEmpty()) return Optional.empty();
        Set<String> now = spec.trials().get(0).values().keySet();
        Set<String> lacking = new TreeSet<>();
        long older = 0;
        for (TrialResult r : journaled) {
            List<String> missing = now.stream().filter(k -> !r.config().values().containsKey(k)).toList();
            if (!missing.isEmpty()) older++;
            lacking.addAll(missing);
        }
        if (older == 0) return Optional.empty();
        List<String> paths = lacking.stream().map(k -> Param.byKey(k).map(Param::specPath).orElse(k)).toList();
        return Optional.of(new Problem(runDir.file(RunFiles.TRIALS).toString(), older + " trials were "
                + "recorded by an older Frontier, without " + String.join(", ", paths) + " (for "
                + "training.stall.baseline: judged against the first loss alone), and cannot count toward this sweep"));
    }

    private static List<Problem> withAdvice(List<Problem> problems, RunDirectory runDir, int finished) {
        problems.add(new Problem(runDir.toString(), "holds " + finished + " finished trials of a different sweep; "
                + "run into another directory with --out DIR, or start over with --fresh (the old directory is kept, "
                + "renamed)"));
        return problems;
    }

    private static Set<Object> values(List<TrialConfig> trials, Param p) {
        return values(trials, p.key());
    }

    private static Set<Object> values(List<TrialConfig> trials, String key) {
        Set<Object> values = new LinkedHashSet<>();
        for (TrialConfig t : trials) {
            Object v = t.values().get(key);
            values.add(v == null ? NOT_SET : v);
        }
        return values;
    }

    private static final String NOT_SET = "not set";

    private static String show(Set<Object> values) {
        return values.size() == 1 ? String.valueOf(values.iterator().next()) : values.toString();
    }
}
