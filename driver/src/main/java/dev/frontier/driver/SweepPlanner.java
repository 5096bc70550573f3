package dev.frontier.driver;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.FrontierSearch;
import dev.frontier.sweeps.GridSearch;
import dev.frontier.sweeps.Membership;
import dev.frontier.sweeps.Problem;
import dev.frontier.sweeps.Search;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialId;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.data.Dataset;
import dev.frontier.sweeps.store.ResultStore;
import dev.frontier.sweeps.store.RunDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run would do, worked out before anything is touched: the spec's data checked, the run directory's finished
 * trials that belong to the sweep, and the trials still to run. Everything that can be wrong with the input is found
 * here.
 */
public final class SweepPlanner {
    /** Sweeps larger than this many trials run only with {@code --yes}. */
    public static final long TRIAL_LIMIT = 100_000;

    private SweepPlanner() {
    }

    /**
     * A run's plan: the checked spec and data, its run directory, the results already there that belong to the sweep,
     * and the grid's trials still to run (in {@link TrialId} order).
     */
    public record Plan(SweepSpec spec, TrialInputs inputs, RunDirectory runDir, List<TrialResult> finished,
                       List<TrialConfig> todo, List<Problem> unreadable, boolean fresh, String dataFingerprint,
                       List<Problem> warnings, long journalBytes, Membership members) {
        /**
         * The search that decides what this plan runs: the grid's trials still to run, all at once; or the boundary
         * search, replaying what the run directory holds.
         */
        public Search search() {
            return spec.search() == null ? new GridSearch(todo)
                    : new FrontierSearch(spec.search(), spec.trials(), finished);
        }

        /** Each distinct model of the sweep: its shape, parameters and FLOPs a training step. */
        public List<String> models() {
            return ModelSize.describe(spec, inputs);
        }

        /** The datasets read from files, by their path in the spec. */
        public Map<String, Dataset> data() {
            return inputs.data();
        }

        public int total() {
            return finished.size() + todo.size();
        }

        /**
         * This plan, or, when the journal grew since it was made (another run was finishing in the directory), the
         * same plan with what the journal holds now.
         */
        Plan current() {
            if (fresh || runDir.journalBytes() == journalBytes) return this;
            long bytes = runDir.journalBytes();
            ResultStore.Contents now = runDir.journal();
            Split split = split(now.results(), todoAndFinished(), members);
            return new Plan(spec, inputs, runDir, split.finished, split.todo, now.unreadable(), fresh, dataFingerprint,
                    warnings, bytes, members);
        }

        private List<TrialConfig> todoAndFinished() {
            List<TrialConfig> all = new ArrayList<>(todo);
            finished.forEach(r -> all.add(r.config()));
            return all;
        }
    }

    /** The default run directory of a spec: {@code runs/<name>} under the working directory. */
    public static Path defaultRunDir(SweepSpec spec) {
        return Path.of("runs").resolve(spec.directoryName());
    }

    /**
     * Checks {@code spec}, its data and the run directory ({@code out}, or the default): a directory holding another
     * sweep's trials is refused unless {@code fresh} (then nothing of it is reused); a sweep over {@link #TRIAL_LIMIT}
     * trials needs {@code yes}. Creates nothing.
     */
    public static Plan plan(SweepSpec spec, Path specDirectory, Path out, boolean fresh, boolean yes) {
        Path dir = out == null ? defaultRunDir(spec) : out;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("--out " + dir, "is a file; the run directory must be a directory");
        }
        if (spec.plannedTrials() > TRIAL_LIMIT && !yes) {
            throw new BadInputException("grid", String.format(Locale.ROOT, "expands to %s%,d trials, more than %,d; "
                    + "check the axes, or add --yes to run them all", spec.search() == null ? "" : "up to ",
                    spec.plannedTrials(), TRIAL_LIMIT));
        }
        RunDirectory runDir = new RunDirectory(dir);
        TrialInputs inputs = new TrialInputs(DataCheck.load(spec, specDirectory),
                DataCheck.networks(spec, specDirectory));
        DataCheck.tryModels(spec, inputs);
        String fingerprint = DataCheck.fingerprint(spec, specDirectory);
        long journalBytes = runDir.journalBytes();
        ResultStore.Contents existing = fresh ? new ResultStore.Contents(List.of(), List.of()) : runDir.journal();
        if (!fresh) {
            BadInputException.throwIfAny(RunConflicts.between(runDir, spec, fingerprint, existing.results()));
        }
        List<TrialConfig> grid = spec.trials();
        Membership members = Membership.of(grid);
        Split split = split(existing.results(), grid, members);
        return new Plan(spec, inputs, runDir, split.finished, split.todo, existing.unreadable(), fresh, fingerprint,
                ModelSize.warnings(spec, inputs.data()), journalBytes, members);
    }

    private record Split(List<TrialResult> finished, List<TrialConfig> todo) {
    }

    /**
     * The journaled results that belong to the sweep, and the {@code wanted} trials none of them ran, in id order (a
     * hash: a fair sample of the grid at every moment, so the ETA is not skewed by the slow low-LR trials coming
     * first, and the live report fills in across the whole grid).
     */
    private static Split split(List<TrialResult> journaled, List<TrialConfig> wanted, Membership members) {
        List<TrialResult> finished = journaled.stream().filter(r -> members.includes(r.config())).toList();
        Set<TrialId> done = new HashSet<>();
        finished.forEach(r -> done.add(r.trialId()));
        Map<TrialId, TrialConfig> todo = new TreeMap<>(Comparator.comparing(TrialId::toString));
        for (TrialConfig c : wanted) {
            TrialId id = c.id();
            if (!done.contains(id)) todo.put(id, c);
        }
        return new Split(finished, List.copyOf(todo.values()));
    }

    /** Checks that {@code rows}, the phase diagrams' row axis (null for the default), is a swept parameter. */
    public static void checkRows(SweepSpec spec, String rows) {
        RunReport.checkRows(spec, rows);
    }
}
