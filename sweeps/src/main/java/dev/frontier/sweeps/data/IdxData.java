package dev.frontier.sweeps.data;

import dev.frontier.sweeps.BadInputException;
import dev.frontier.sweeps.Problem;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads an image classification dataset from IDX files as MNIST and Fashion-MNIST ship them: an images file (magic
 * number 0x00000803: unsigned bytes, dimensions count × rows × columns) and a labels file (0x00000801: unsigned bytes,
 * one per image), each plain or gzip-compressed (recognized by its first bytes, whatever its name). Pixels become
 * floats in [0, 1] (byte / 255), one feature per pixel, row by row; label k is class k.
 */
public final class IdxData {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxData() {
    }

    /**
     * The dataset of {@code images} and {@code labels}; {@code classes} is the number of classes when the spec gives
     * one (every label must be below it), else the largest label + 1.
     *
     * @throws BadInputException naming the file and what is wrong: a missing file, a wrong magic number, a truncated
     *                           file, counts that differ, a label out of range
     */
    public static Dataset read(Path images, Path labels, Integer classes) {
        List<Problem> problems = new ArrayList<>();
        int[] shape = new int[3];
        byte[] pixels = read(images, "data.images", IMAGES_MAGIC, 3, shape, problems);
        int[] count = new int[1];
        byte[] labelBytes = read(labels, "data.labels", LABELS_MAGIC, 1, count, problems);
        BadInputException.throwIfAny(problems);
        if (shape[0] != count[0]) {
            throw new BadInputException("data.labels", labels + " holds " + count[0] + " labels for the " + shape[0]
                    + " images of " + images);
        }
        int n = shape[0];
        int features = shape[1] * shape[2];
        int[] y = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            y[i] = labelBytes[i] & 0xff;
            max = Math.max(max, y[i]);
            if (classes != null && y[i] >= classes && problems.size() < 20) {
                problems.add(new Problem(labels + " label " + i, "is " + y[i] + ", out of range for data.classes "
                        + classes + " (labels 0 to " + (classes - 1) + ")"));
            }
        }
        BadInputException.throwIfAny(problems);
        int k = classes != null ? classes : max + 1;
        if (k < 2) throw new BadInputException("data.labels", labels + " has a single class (" + max + "); need 2");
        if (n < 2) throw new BadInputException("data.images", images + " holds " + n + " images; need at least 2");
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) x[i] = (pixels[i] & 0xff) / 255f;
        List<String> featureNames = new ArrayList<>(features);
        for (int r = 0; r < shape[1]; r++) for (int c = 0; c < shape[2]; c++) featureNames.add("px" + r + "_" + c);
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < k; c++) classNames.add(Integer.toString(c));
        return new Dataset(images.getFileName().toString(), n, features, k, x, y, featureNames, classNames);
    }

    /** The payload of an IDX file of unsigned bytes with {@code dims} dimensions, its sizes into {@code sizes}. */
    private static byte[] read(Path file, String field, int magic, int dims, int[] sizes, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(field, Files.isDirectory(file) ? file + " is a directory, not a file"
                    : "file not found: " + file));
            return null;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            DataInputStream in = new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw)) : raw);
            int found = in.readInt();
            if (found != magic) {
                problems.add(new Problem(field, String.format("%s: magic number 0x%08X, expected 0x%08X (an IDX file "
                        + "of unsigned bytes with %d dimension%s: %s)", file, found, magic, dims, dims == 1 ? "" : "s",
                        dims == 1 ? "labels" : "images × rows × columns")));
                return null;
            }
            long total = 1;
            for (int d = 0; d < dims; d++) {
                sizes[d] = in.readInt();
                if (sizes[d] < 0) {
                    problems.add(new Problem(field, file + ": dimension " + d + " is negative (" + sizes[d] + ")"));
                    return null;
                }
                total *= sizes[d];
            }
            if (total > Integer.MAX_VALUE - 8) {
                problems.add(new Problem(field, file + ": " + total + " bytes of data is more than one array holds"));
                return null;
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                problems.add(new Problem(field, file + " is truncated: its header promises " + total
                        + " bytes of data"));
                return null;
            }
            if (in.read() != -1) {
                problems.add(new Problem(field, file + " has bytes after the " + total + " its header promises"));
                return null;
            }
            return data;
        } catch (EOFException e) {
            problems.add(new Problem(field, file + " is too short for an IDX header"));
        } catch (IOException e) {
            problems.add(new Problem(field, file + " cannot be read: " + e.getMessage()));
        }
        return null;
    }
}
