package dev.frontier.driver.cli;

import dev.frontier.driver.SweepPlanner;
import dev.frontier.reports.Format;
import dev.frontier.sweeps.Axis;
import dev.frontier.sweeps.LrSearch;
import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code frontier plan SPEC}: checks a spec and its data, and says what a run would do; runs nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Check a spec (and its CSV data), print its axes and trial count, and how many trials its run "
                + "directory already holds. Runs nothing, writes nothing.")
final class PlanCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec, YAML or JSON.")
    Path spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Run directory (default: runs/<name>).")
    Path out;

    @Option(names = "--fresh", description = "Plan a fresh start: the existing run directory would be moved aside.")
    boolean fresh;

    @Mixin
    JarOptions jarOptions;

    @Override
    public Integer call() {
        jarOptions.install();
        SweepSpec s = SpecReader.read(spec);
        SweepPlanner.Plan plan = SweepPlanner.plan(s, spec.toAbsolutePath().getParent(), out, fresh, true);
        print(plan, command.commandLine().getOut());
        return 0;
    }

    static void print(SweepPlanner.Plan plan, PrintWriter out) {
        SweepSpec s = plan.spec();
        if (s.search() == null) out.printf("%s: %d trials%n", s.name(), plan.total());
        else out.printf("%s: %d trials in the coarse grid of a boundary search%n", s.name(), s.trialCount());
        int width = s.axes().stream().mapToInt(a -> a.key().length()).max().orElse(0);
        for (Axis a : s.axes()) {
            out.printf("  %-" + width + "s  %3d × %s%n", a.key(), a.values().size(), values(a.values()));
        }
        if (!s.fixed().isEmpty()) {
            out.println("fixed:");
            for (Map.Entry<Param, Object> e : s.fixed().entrySet()) {
                out.printf("  %s: %s%n", e.getKey().specPath(), show(e.getValue()));
            }
            s.model().forEach((key, value) -> out.printf("  %s: %s%n", key, show(value)));
        }
        List<String> models = plan.models();
        out.println(models.size() == 1 ? "model: " + models.get(0) : "models:");
        if (models.size() > 1) models.forEach(m -> out.println("  " + m));
        LrSearch search = s.search();
        if (search != null) {
            long series = s.trialCount() / search.coarse().size(); // configurations × seeds
            out.printf(Locale.ROOT, "boundary search: a coarse grid of %d learning rates (every %s decade), then per "
                            + "configuration %d bisections to %s decade and 2 probes around the best; at most %d "
                            + "trials, fewer where a bracket reaches the range's end or nothing trains (a full grid at "
                            + "this resolution: %d)%n", search.coarse().size(), Format.number(LrSearch.COARSE_DECADES),
                    search.bisections(), Format.number(search.resolution()),
                    s.plannedTrials(), search.fullGrid(series, 1));
        }
        if (plan.fresh()) {
            out.printf("run directory %s: starting over (--fresh); %d to run%n", plan.runDir(), plan.todo().size());
        } else {
            out.printf("run directory %s: %d finished (reused), %d new to run%n", plan.runDir(),
                    plan.finished().size(), plan.todo().size());
        }
        if (Math.max(plan.total(), s.plannedTrials()) > SweepPlanner.TRIAL_LIMIT) {
            out.printf("note: more than %,d trials; `run` needs --yes%n", SweepPlanner.TRIAL_LIMIT);
        }
        plan.unreadable().forEach(p -> out.println("warning: " + p));
        plan.warnings().forEach(p -> out.println("warning: " + p));
    }

    static String values(List<Object> values) {
        if (values.size() <= 8) return String.join(", ", values.stream().map(PlanCommand::show).toList());
        return show(values.get(0)) + ", " + show(values.get(1)) + ", " + show(values.get(2)) + ", …, "
                + show(values.get(values.size() - 2)) + ", " + show(values.get(values.size() - 1));
    }

    static String show(Object v) {
        return v instanceof Double d ? Format.number(d) : String.valueOf(v);
    }
}
