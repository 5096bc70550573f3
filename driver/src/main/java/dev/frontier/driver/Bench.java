package dev.frontier.driver;

import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.SweepSpec;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.worker.Benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * {@code frontier bench}: how fast this machine trains, against its own limit. Every figure is the median, min and max
 * of repeated runs in this one process, so ratios between them are fair on a noisy machine.
 * <ul>
 *   <li>the single-thread sgemm speed through ND4J on large matrices: the peak a step is held against;</li>
 *   <li>per optimizer × normalization, the time per member and step of the reference network (64 → 256 → 256 →
 *   256 → 10, batch 128) trained alone and in packs, and its FLOP efficiency: useful FLOP/s over the peak;</li>
 *   <li>a fixed small sweep through Spark in {@code local[1]} and {@code local[2]}: trials per second, and the slot
 *   time per trial not spent inside training (the driver's and Spark's share, and slots left idle).</li>
 * </ul>
 */
public final class Bench {
    /** A spec every run of the benchmark sweeps; {@code seeds} sets its size. */
    static String sweepSpec(int seeds) {
        StringBuilder s = new StringBuilder("name: bench-sweep\n"
                + "data: {builtin: teacher, features: 16, classes: 4, samples: 2000}\n"
                + "model: {hidden: [128, 128]}\n"
                + "training: {steps: 300, batchSize: 128}\n"
                + "grid:\n"
                + "  learningRate: {log: [1.0e-3, 1], perDecade: 2}\n"
                + "  optimizer: [sgd, adam]\n"
                + "  normalization: [none, batchnorm]\n"
                + "  seed: [");
        for (int i = 0; i < seeds; i++) s.append(i == 0 ? "" : ", ").append(i);
        return s.append("]\n").toString();
    }

    /** Median, min and max of repeated measurements. */
    public record Sample(double median, double min, double max, int runs) {
        static Sample of(List<Double> values) {
            List<Double> v = new ArrayList<>(values);
            v.sort(Double::compare);
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            return new Sample(median, v.get(0), v.get(n - 1), n);
        }

        Sample times(double factor) {
            return new Sample(median * factor, min * factor, max * factor, runs);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3g (min %.3g, max %.3g)", median, min, max);
        }
    }

    /** One network's training step: {@code network} is "mlp" (the reference network) or "cnn" (the reference CNN). */
    public record Step(String network, String optimizer, String normalization, int pack, Sample msPerMemberStep,
                       double flopEfficiency) {
    }

    public record Sweep(String master, int trials, Sample trialsPerSecond, Sample overheadMsPerTrial,
                        Sample wallSeconds) {
    }

    /**
     * A sweep of tiny trials (a 4-unit network, a few steps) at scale: its wall time with Spark's start, the wall time
     * per trial, the pace over its first and last tenth of trials, the most heap the driver had in use (sampled every
     * 50 ms, garbage included), the most it held after a collection (what it keeps), and its limit.
     */
    public record Scale(int trials, int steps, double wallSeconds, double msPerTrial, double firstTenthMsPerTrial,
                        double lastTenthMsPerTrial, long peakHeapMb, long peakAfterCollectionMb, long maxHeapMb) {
    }

    public record Result(String machine, int cores, String java, String openblasCoretype, String measuredAt,
                         boolean quick,
                         Sample sgemmGflops, int sgemmSize, double stepMflop, List<Step> steps, List<Sweep> sweeps,
                         Double local2OverLocal1) {
    }

    private final boolean quick;
    private final Consumer<String> say;

    public Bench(boolean quick, Consumer<String> say) {
        this.quick = quick;
        this.say = say;
    }

    public Result run() throws IOException, InterruptedException {
        int repeats = quick ? 3 : 5;
        int size = quick ? 1024 : 2048;
        Sample peak = repeat(repeats, () -> Benchmarks.sgemmGflops(size));
        say.accept(String.format(Locale.ROOT, "sgemm %d×%d, one thread: %s GFLOP/s", size, size, peak));

        List<Step> steps = new ArrayList<>();
        List<String> optimizers = quick ? List.of("adam") : List.of("sgd", "momentum", "adam");
        List<String> norms = quick ? List.of("none", "batchnorm") : List.of("none", "batchnorm", "layernorm");
        List<Integer> packs = quick ? List.of(1, 16) : List.of(1, 4, 16);
        int stepsPerTrial = 100;
        TrialConfig any = Benchmarks.reference("adam", "none", stepsPerTrial);
        double flops = Benchmarks.stepFlops(any, 64, 10);
        Benchmarks.secondsPerMemberStep(any, 4); // warm up the JIT and ND4J
        for (String optimizer : optimizers) {
            for (String norm : norms) {
                TrialConfig c = Benchmarks.reference(optimizer, norm, stepsPerTrial);
                for (int pack : packs) {
                    Sample ms = repeat(quick ? 2 : 3, () -> Benchmarks.secondsPerMemberStep(c, pack)).times(1e3);
                    double efficiency = flops / (ms.median() / 1e3) / (peak.median() * 1e9);
                    steps.add(new Step("mlp", optimizer, norm, pack, ms, efficiency));
                    say.accept(String.format(Locale.ROOT, "step %-8s %-9s pack %2d: %s ms per member-step, %.0f%% "
                            + "of the sgemm peak", optimizer, norm, pack, ms, 100 * efficiency));
                }
            }
        }
        // the CNN: examples/cnn.yaml's network under SGD, alone and in a pack of 4
        TrialConfig anyCnn = Benchmarks.referenceCnn("sgd", "none", stepsPerTrial);
        double cnnFlops = Benchmarks.stepFlops(anyCnn, 256, 5);
        Benchmarks.secondsPerMemberStep(anyCnn, 4);
        for (String norm : quick ? List.of("none") : List.of("none", "batchnorm")) {
            TrialConfig c = Benchmarks.referenceCnn("sgd", norm, stepsPerTrial);
            for (int pack : List.of(1, 4)) {
                Sample ms = repeat(quick ? 2 : 3, () -> Benchmarks.secondsPerMemberStep(c, pack)).times(1e3);
                double efficiency = cnnFlops / (ms.median() / 1e3) / (peak.median() * 1e9);
                steps.add(new Step("cnn", "sgd", norm, pack, ms, efficiency));
                say.accept(String.format(Locale.ROOT, "step cnn sgd %-9s pack %2d: %s ms per member-step, %.1f%% "
                        + "of the sgemm peak", norm, pack, ms, 100 * efficiency));
            }
        }

        List<Sweep> sweeps = new ArrayList<>();
        for (String master : List.of("local[1]", "local[2]")) sweeps.add(sweep(master, quick ? 2 : 4, quick ? 1 : 3));
        Double scaling = sweeps.get(1).trialsPerSecond().median() / sweeps.get(0).trialsPerSecond().median();
        say.accept(String.format(Locale.ROOT, "local[2] / local[1] trials per second: %.2f×", scaling));
        return new Result(machine(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getenv("OPENBLAS_CORETYPE"), Instant.now().toString(), quick, peak, size, flops / 1e6, steps, sweeps, scaling);
    }

    private Sweep sweep(String master, int seeds, int repeats) throws IOException, InterruptedException {
        SweepSpec spec = SpecReader.parse(sweepSpec(seeds), "bench-sweep.yaml", "bench-sweep");
        List<Double> rates = new ArrayList<>();
        List<Double> overheads = new ArrayList<>();
        List<Double> walls = new ArrayList<>();
        int slots = Integer.parseInt(master.replaceAll("\\D", ""));
        int trials = 0;
        for (int r = 0; r < repeats; r++) {
            Path dir = Files.createTempDirectory("frontier-bench");
            try {
                long start = System.nanoTime();
                SweepPlanner.Plan plan = SweepPlanner.plan(spec, dir, dir.resolve("run"), false, false);
                SweepController.run(plan, new SweepController.Options(master, false, false, null, null, false, null),
                        new PrintWriter(Writer.nullWriter()));
                walls.add((System.nanoTime() - start) / 1e9);
                List<TrialResult> results = RunReport.read(dir.resolve("run")).results();
                trials = results.size();
                double first = Double.MAX_VALUE;
                double last = 0;
                double training = 0;
                Map<String, Double> packs = new HashMap<>();
                for (TrialResult t : results) {
                    double begin = Instant.parse(t.provenance().startedAt()).toEpochMilli() / 1e3;
                    first = Math.min(first, begin);
                    last = Math.max(last, begin + t.wallSeconds());
                    packs.merge(t.provenance().pack() + "@" + t.provenance().startedAt(), t.wallSeconds(), Math::max);
                }
                for (double w : packs.values()) training += w;
                double span = last - first;
                rates.add(trials / span);
                overheads.add(1e3 * (span * slots - training) / trials);
            } finally {
                deleteTree(dir);
            }
        }
        Sweep s = new Sweep(master, trials, Sample.of(rates), Sample.of(overheads), Sample.of(walls));
        say.accept(String.format(Locale.ROOT, "sweep of %d trials on %s: %s trials/s, %s ms per trial of slot time "
                + "outside training, %s s wall with Spark's start", trials, master, s.trialsPerSecond(),
                s.overheadMsPerTrial(), s.wallSeconds()));
        return s;
    }

    /**
     * The tiny sweep of about {@code trials} trials (501 learning rates × as many seeds as it takes) of {@code steps}
     * steps each (a loss curve of as many points, up to 200) on local[2].
     */
    public Scale scale(int trials, int steps) throws IOException, InterruptedException {
        int seeds = Math.max(1, (trials + 500) / 501);
        StringBuilder yaml = new StringBuilder("name: bench-scale\n"
                + "data: {builtin: blobs, samples: 200}\n"
                + "model: {hidden: [4]}\n"
                + "training: {steps: " + steps + ", batchSize: 16}\n"
                + "grid:\n"
                + "  learningRate: {log: [1.0e-4, 10], perDecade: 100}\n"
                + "  seed: [");
        for (int i = 0; i < seeds; i++) yaml.append(i == 0 ? "" : ", ").append(i);
        SweepSpec spec = SpecReader.parse(yaml.append("]\n").toString(), "bench-scale.yaml", "bench-scale");
        Path dir = Files.createTempDirectory("frontier-bench");
        try {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong();
            AtomicLong kept = new AtomicLong();
            List<java.lang.management.MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP
                            && p.getCollectionUsage() != null).toList();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    long afterCollection = 0;
                    for (var p : pools) afterCollection += p.getCollectionUsage().getUsed();
                    kept.accumulateAndGet(afterCollection, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "frontier-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            SweepPlanner.Plan plan = SweepPlanner.plan(spec, dir, dir.resolve("run"), false, true);
            SweepController.run(plan, new SweepController.Options("local[2]", false, false, null, null, false, null),
                    new PrintWriter(Writer.nullWriter()));
            double wall = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            List<TrialResult> results = RunReport.read(dir.resolve("run")).results();
            List<Double> ends = new ArrayList<>();
            double first = Double.MAX_VALUE;
            for (TrialResult t : results) {
                double begin = Instant.parse(t.provenance().startedAt()).toEpochMilli() / 1e3;
                first = Math.min(first, begin);
                ends.add(begin + t.wallSeconds());
            }
            ends.sort(Double::compare);
            int n = ends.size();
            int tenth = Math.max(1, n / 10);
            double firstTenth = 1e3 * (ends.get(tenth - 1) - first) / tenth;
            double lastTenth = 1e3 * (ends.get(n - 1) - ends.get(n - 1 - tenth)) / tenth;
            Scale s = new Scale(n, steps, wall, 1e3 * wall / n, firstTenth, lastTenth, peak.get() >> 20,
                    kept.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            say.accept(String.format(Locale.ROOT, "scale: %,d tiny trials of %d steps on local[2] in %.1f s with "
                    + "Spark's start: %.2f ms per trial; %.2f ms per trial over the first tenth, %.2f over the last; "
                    + "heap in use at most %d MB of %d, at most %d MB after a collection", n, steps, wall,
                    s.msPerTrial(), firstTenth, lastTenth, s.peakHeapMb(), s.maxHeapMb(), s.peakAfterCollectionMb()));
            return s;
        } finally {
            deleteTree(dir);
        }
    }

    private static Sample repeat(int times, DoubleSupplier measure) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < times; i++) values.add(measure.getAsDouble());
        return Sample.of(values);
    }

    /** The CPU's model name from /proc/cpuinfo, or the OS architecture where there is none. */
    public static String machine() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
