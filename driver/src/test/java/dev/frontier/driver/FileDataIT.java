package dev.frontier.driver;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.TrialResult;
import dev.frontier.sweeps.store.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps over data read from files, through the command line and Spark {@code local[2]}: IDX images, and CSV. */
class FileDataIT {
    @TempDir
    Path dir;

    /** 8×8 images of a horizontal (class 0) or vertical (class 1) bar, at a random place, over faint noise. */
    void writeBars(Path images, Path labels, int n) throws IOException {
        Random r = new Random(5);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(new GZIPOutputStream(img));
        DataOutputStream l = new DataOutputStream(new GZIPOutputStream(lab));
        i.writeInt(0x803);
        i.writeInt(n);
        i.writeInt(8);
        i.writeInt(8);
        l.writeInt(0x801);
        l.writeInt(n);
        for (int k = 0; k < n; k++) {
            int label = r.nextInt(2);
            int at = r.nextInt(8);
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 8; col++) {
                    boolean bar = label == 0 ? row == at : col == at;
                    i.writeByte(bar ? 200 + r.nextInt(56) : r.nextInt(40));
                }
            }
            l.writeByte(label);
        }
        i.close();
        l.close();
        Files.write(images, img.toByteArray());
        Files.write(labels, lab.toByteArray());
    }

    @Test
    void anIdxSweepTrainsOnTheImagesAndNoticesWhenTheFilesChange() throws Exception {
        writeBars(dir.resolve("bars-images.gz"), dir.resolve("bars-labels.gz"), 300);
        Path spec = Files.writeString(dir.resolve("bars.yaml"), """
                name: bars
                data: {images: bars-images.gz, labels: bars-labels.gz}
                model: {hidden: [16]}
                training: {steps: 80, batchSize: 32, optimizer: adam}
                grid: {learningRate: [0.01, 1000], seed: [0, 1]}
                """);
        Path out = dir.resolve("run");
        SweepIT.Run plan = SweepIT.frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("[16] on 64 features → 2 classes"), plan.out());

        SweepIT.Run r = SweepIT.frontier("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<TrialResult> results = ResultStore.read(out).results();
        assertEquals(4, results.size());
        for (TrialResult t : results) {
            if (t.config().learningRate() == 0.01) {
                assertEquals(Outcome.CONVERGED, t.outcome(), t::toString);
                assertTrue(t.finalAccuracy() > 0.9, "bars are easy: " + t);
            } else {
                assertEquals(Outcome.DIVERGED, t.outcome(), t::toString);
            }
        }

        writeBars(dir.resolve("bars-images.gz"), dir.resolve("bars-labels.gz"), 310);
        SweepIT.Run changed = SweepIT.frontier("plan", spec.toString(), "--out", out.toString());
        assertEquals(2, changed.exit(), changed.out() + changed.err());
        assertTrue(changed.err().contains("data.images: the file's contents changed since the trials in"),
                changed.err());
    }

    @Test
    void aCsvWithAnotherDelimiterTrainsOnTheColumnsListed() throws Exception {
        StringBuilder csv = new StringBuilder("id;x1;note;x2;class\n");
        Random r = new Random(2);
        for (int k = 0; k < 200; k++) {
            int c = r.nextInt(2);
            csv.append("row").append(k).append(';').append(c * 2 - 1 + r.nextGaussian() * 0.3).append(";text ")
                    .append(k).append(';').append(r.nextGaussian()).append(';').append(c == 0 ? "no" : "yes")
                    .append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        Path spec = Files.writeString(dir.resolve("t.yaml"), """
                name: t
                data: {csv: t.csv, label: class, delimiter: ';', features: [x1, x2]}
                model: {hidden: [8]}
                training: {steps: 60, batchSize: 32}
                grid: {learningRate: [0.1]}
                """);
        Path out = dir.resolve("csv-run");
        SweepIT.Run run = SweepIT.frontier("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exit(), run.out() + run.err());
        TrialResult t = ResultStore.read(out).results().get(0);
        assertEquals(Outcome.CONVERGED, t.outcome(), t::toString);
        assertTrue(t.finalAccuracy() > 0.9, t::toString);
    }

    @Test
    void aCsvRegressionSweepsOnItsNumericTarget() throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        Random r = new Random(8);
        for (int k = 0; k < 300; k++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(3 * a - 2 * b + 0.1 * r.nextGaussian()).append('\n');
        }
        Files.writeString(dir.resolve("reg.csv"), csv);
        Path spec = Files.writeString(dir.resolve("reg.yaml"), """
                name: reg
                data: {csv: reg.csv, label: y, task: regression}
                model: {hidden: [16]}
                training: {steps: 150, batchSize: 32, optimizer: adam}
                grid: {learningRate: [0.01, 1000]}
                """);
        Path out = dir.resolve("reg-run");
        SweepIT.Run run = SweepIT.frontier("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exit(), run.out() + run.err());
        List<TrialResult> results = ResultStore.read(out).results();
        TrialResult good = results.stream().filter(t -> t.config().learningRate() == 0.01).findFirst().orElseThrow();
        assertEquals(Outcome.CONVERGED, good.outcome(), good::toString);
        assertTrue(good.metric(TrialResult.R2) > 0.9, "a near-linear target is fit: " + good);
        assertTrue(Files.readString(out.resolve("trials.csv")).lines().findFirst().orElseThrow().contains("r2"));
    }
}
