package dev.frontier.sweeps.data;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxDataTest {
    @TempDir
    Path dir;

    /** An IDX file as MNIST's are written: a big-endian magic number, the dimensions, then unsigned bytes. */
    static byte[] idx(int magic, int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) out.writeInt(d);
        for (int v : values) out.writeByte(v);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Three 2×2 images and their labels. */
    Path images() throws IOException {
        return write("images.idx", idx(0x803, new int[]{3, 2, 2}, new int[]{0, 255, 51, 102, 255, 0, 0, 0, 1, 2, 3, 4}));
    }

    static List<Problem> problems(Runnable r) {
        return assertThrows(BadInputException.class, r::run).problems();
    }

    @Test
    void readsPixelsAsFractionsOf255AndLabelsAsClasses() throws IOException {
        Dataset d = IdxData.read(images(), write("labels.idx", idx(0x801, new int[]{3}, new int[]{2, 0, 1})), null);
        assertEquals(3, d.rows());
        assertEquals(4, d.features());
        assertEquals(3, d.classes());
        assertArrayEquals(new float[]{0, 1, 0.2f, 0.4f, 1, 0, 0, 0, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f}, d.x());
        assertArrayEquals(new int[]{2, 0, 1}, d.labels());
        assertEquals(List.of("px0_0", "px0_1", "px1_0", "px1_1"), d.featureNames());
    }

    @Test
    void gzipIsRecognizedByItsBytesWhateverTheName() throws IOException {
        Path images = write("train-images", gzip(Files.readAllBytes(images())));
        Path labels = write("train-labels.idx", gzip(idx(0x801, new int[]{3}, new int[]{1, 0, 1})));
        Dataset d = IdxData.read(images, labels, 10);
        assertEquals(10, d.classes(), "data.classes sets the classes, as MNIST's ten");
        assertEquals(1f, d.x()[1]);
    }

    @Test
    void aWrongMagicNumberIsNamedWithWhatWasExpected() throws IOException {
        Path labels = write("labels.idx", idx(0x801, new int[]{3}, new int[]{0, 1, 0}));
        // the files swapped: the labels given as images
        Path images = images();
        List<Problem> p = problems(() -> IdxData.read(labels, images, null));
        assertTrue(p.get(0).toString().startsWith("data.images: " + labels + ": magic number 0x00000801, expected "
                + "0x00000803"), p.toString());
        assertTrue(p.get(1).toString().startsWith("data.labels: "), p.toString());
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRefused() throws IOException {
        Path labels = write("labels.idx", idx(0x801, new int[]{2}, new int[]{0, 1}));
        Path images = images();
        List<Problem> p = problems(() -> IdxData.read(images, labels, null));
        assertEquals("data.labels: " + labels + " holds 2 labels for the 3 images of " + images,
                p.get(0).toString());
    }

    @Test
    void aLabelOutOfRangeOfTheClassesIsNamedByItsIndex() throws IOException {
        Path labels = write("labels.idx", idx(0x801, new int[]{3}, new int[]{0, 12, 1}));
        Path images = images();
        List<Problem> p = problems(() -> IdxData.read(images, labels, 10));
        assertEquals(labels + " label 1: is 12, out of range for data.classes 10 (labels 0 to 9)", p.get(0).toString());
    }

    @Test
    void truncatedMissingAndOverlongFilesAreNamed() throws IOException {
        Path labels = write("labels.idx", idx(0x801, new int[]{3}, new int[]{0, 1, 0}));
        byte[] full = Files.readAllBytes(images());
        Path truncated = write("short.idx", Arrays.copyOf(full, full.length - 2));
        assertTrue(problems(() -> IdxData.read(truncated, labels, null)).get(0).message()
                .contains("is truncated: its header promises 12 bytes of data"));
        Path longer = write("long.idx", Arrays.copyOf(full, full.length + 1));
        assertTrue(problems(() -> IdxData.read(longer, labels, null)).get(0).message()
                .contains("has bytes after the 12 its header promises"));
        Path header = write("header.idx", new byte[]{0, 0, 8});
        assertTrue(problems(() -> IdxData.read(header, labels, null)).get(0).message()
                .contains("is too short for an IDX header"));
        assertEquals("data.images: file not found: " + dir.resolve("none.idx"),
                problems(() -> IdxData.read(dir.resolve("none.idx"), labels, null)).get(0).toString());
    }
}
