package dev.frontier.worker.bench;

import dev.frontier.sweeps.SpecReader;
import dev.frontier.sweeps.TrialConfig;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.worker.TrialRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a spec's trials on two threads while a third thread forces garbage collections back to back: the conditions
 * under which an ND4J op whose arrays are no longer reachable from Java can have their native descriptors freed while
 * it runs. Prints how many trials finished; a JVM crash (SIGSEGV in libnd4jcpu) is the failure this looks for.
 * {@code java -cp <test classpath> dev.frontier.worker.bench.GcStress SPEC [rounds]}; add
 * {@code -Dfrontier.unfenced=true -Dopexec=org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner} to run on ND4J's own
 * executioner instead of {@link dev.frontier.worker.FencedOpExecutioner}.
 */
public final class GcStress {
    public static void main(String[] args) throws Exception {
        List<TrialConfig> trials = SpecReader.read(Path.of(args[0])).trials();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-stress");
        collector.setDaemon(true);
        collector.start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int done = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (TrialConfig c : trials) futures.add(pool.submit(() -> TrialRunner.run(c)));
            for (Future<TrialResult> f : futures) {
                f.get();
                done++;
            }
            System.out.printf("round %d: %d trials finished, %.0f s%n", round, done, (System.nanoTime() - start) / 1e9);
        }
        pool.shutdown();
        collector.interrupt();
    }
}
