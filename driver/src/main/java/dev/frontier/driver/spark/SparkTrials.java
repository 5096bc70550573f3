package dev.frontier.driver.spark;

import dev.frontier.driver.TrialExecutor;
import dev.frontier.driver.TrialInputs;
import dev.frontier.driver.UserJars;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

/**
 * Runs packs of trials on Spark, one task per pack, and hands every result to the driver the moment its task finishes (through
 * Spark's per-task result handler, not at the end of the job). Decides nothing about which trials to run: it runs the
 * list it is handed.
 */
public final class SparkTrials implements TrialExecutor {
    private final JavaSparkContext sc;

    private SparkTrials(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** Options for the Spark context. */
    public record Settings(String master, String appName, boolean ui, boolean verbose) {
    }

    public static SparkTrials start(Settings s) {
        SparkConf conf = new SparkConf().setAppName(s.appName()).setMaster(s.master())
                .set("spark.ui.enabled", Boolean.toString(s.ui()))
                .set("spark.ui.showConsoleProgress", "false")
                // also quiet under spark-submit, whose default log4j profile is INFO
                .set("spark.log.level", s.verbose() ? "INFO" : "WARN")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        List<String> jars = new ArrayList<>();
        if (s.master().startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        } else if (!conf.contains("spark.jars")) {
            // started by ./frontier rather than spark-submit: ship the application jar built next to this one
            applicationJar().ifPresent(jar -> jars.add(jar.toString()));
        } else {
            jars.addAll(List.of(conf.get("spark.jars").split(",")));
        }
        // plug-in models (--jars): local executors find them through the context class loader, a cluster's fetch them
        if (!s.master().startsWith("local")) UserJars.installed().forEach(j -> jars.add(j.toString()));
        if (!jars.isEmpty()) conf.setJars(jars.toArray(String[]::new));
        return new SparkTrials(new JavaSparkContext(conf));
    }

    /** frontier-spark.jar beside the jar (or classes directory) this class was loaded from, if it is there. */
    static Optional<Path> applicationJar() {
        try {
            Path here = Path.of(SparkTrials.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = here.getParent().resolve("frontier-spark.jar");
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String version() {
        return sc.version();
    }

    /** Cores Spark will run tasks on at once (the default parallelism). */
    @Override
    public int slots() {
        return sc.defaultParallelism();
    }

    /** A running job: poll it for results until {@link #done()}. */
    public final class Job implements TrialExecutor.Job {
        private final SimpleFutureAction<BoxedUnit> action;
        private final BlockingQueue<TrialResult> results;

        private Job(SimpleFutureAction<BoxedUnit> action, BlockingQueue<TrialResult> results) {
            this.action = action;
            this.results = results;
        }

        /**
         * Every finished trial the driver has not taken yet, waiting up to {@code millis} for the first; empty if none
         * finished meanwhile.
         */
        @Override
        public List<TrialResult> pollAll(long millis) throws InterruptedException {
            return TrialExecutor.drain(results, millis);
        }

        /** The job has ended and every result has been taken. */
        @Override
        public boolean done() {
            return action.isCompleted() && results.isEmpty();
        }

        /** Throws the job's failure, if it failed (a lost executor with no retries left, a cancelled job). */
        @Override
        public void rethrowFailure() {
            if (!action.isCompleted()) return;
            scala.util.Try<BoxedUnit> outcome = action.value().get();
            if (outcome.isFailure()) {
                Throwable t = outcome.failed().get();
                throw new IllegalStateException("the Spark job failed: " + t.getMessage(), t);
            }
        }

        @Override
        public void cancel() {
            action.cancel();
        }
    }

    /**
     * Starts running {@code packs}, one task each, in the given order; the inputs (data files, networks) are
     * broadcast.
     */
    @Override
    public Job submit(List<List<TrialConfig>> packs, TrialInputs inputs) {
        Broadcast<TrialInputs> data = sc.broadcast(inputs);
        List<List<TrialConfig>> serializable = new ArrayList<>();
        for (List<TrialConfig> p : packs) serializable.add(new ArrayList<>(p));
        JavaRDD<List<TrialConfig>> rdd = sc.parallelize(serializable, Math.max(1, serializable.size()));
        BlockingQueue<TrialResult> queue = new LinkedBlockingQueue<>();
        List<Object> partitions = new ArrayList<>(IntStream.range(0, rdd.getNumPartitions()).boxed().toList());
        SimpleFutureAction<BoxedUnit> action = sc.sc().submitJob(rdd.rdd(), new TrainTrials(data, sc.version()),
                CollectionConverters.asScala(partitions).toSeq(), new Collect(queue), new Nothing());
        return new Job(action, queue);
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** Runs on the driver as each task finishes: queues its results for the driver's main loop. */
    private static final class Collect extends AbstractFunction2<Object, ArrayList<TrialResult>, BoxedUnit> {
        private final BlockingQueue<TrialResult> queue;

        Collect(BlockingQueue<TrialResult> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<TrialResult> results) {
            queue.addAll(results);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Nothing extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
