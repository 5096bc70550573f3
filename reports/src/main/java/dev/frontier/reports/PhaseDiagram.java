package dev.frontier.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One phase diagram: the configurations that differ only in one swept parameter (the row axis: warm-up unless the
 * reader picks another), as rows, against the learning rate (log scale, one column per value tried), each cell
 * coloured by outcome and, where every seed converged, by final loss. A black bar marks each row's frontier (the right
 * edge of its max stable learning rate), a ring its best one. A fine grid keeps one column per learning rate, each
 * narrower, so a panel of hundreds of rates still fits the page; its ticks label every few columns.
 */
final class PhaseDiagram {
    static final String DEFAULT_ROWS = "warmupSteps";
    private static final int CELL_W = 36;
    /** The widest a panel's cells may reach together: past it, columns narrow (to 1 px) and ticks thin out. */
    static final int MAX_CELLS_WIDTH = 720;
    private static final int CELL_H = 26;
    private static final int TOP = 8;
    private static final int BOTTOM = 54;

    private PhaseDiagram() {
    }

    /**
     * The row axis: {@code requested} if it is a configuration parameter, else warm-up if swept, else the first swept
     * parameter that is not the optimizer or the normalization (those name the panels), else none (null).
     */
    static String rows(Frontier f, String requested) {
        List<String> names = f.configurationParameters();
        if (requested != null && names.contains(requested)) return requested;
        if (names.contains(DEFAULT_ROWS)) return DEFAULT_ROWS;
        return names.stream().filter(n -> !n.equals("optimizer") && !n.equals("normalization")).findFirst()
                .orElse(null);
    }

    /** Panels: configurations grouped by every parameter but the row axis, in grid order. */
    static Map<String, List<ConfigurationFrontier>> panels(Frontier f, String rowAxis) {
        Map<String, List<ConfigurationFrontier>> panels = new LinkedHashMap<>();
        for (ConfigurationFrontier c : f.configurations()) {
            Map<String, Object> key = new LinkedHashMap<>(c.configuration());
            if (rowAxis != null) key.remove(rowAxis);
            panels.computeIfAbsent(FrontierAnalysis.label(key), k -> new ArrayList<>()).add(c);
        }
        return panels;
    }

    static String svg(List<ConfigurationFrontier> rows, String rowAxis, double lowestLoss, double highestLoss) {
        TreeSet<Double> lrs = new TreeSet<>();
        rows.forEach(c -> c.points().forEach(p -> lrs.add(p.learningRate())));
        List<Double> columns = new ArrayList<>(lrs);
        int cellW = Math.max(1, Math.min(CELL_W, MAX_CELLS_WIDTH / Math.max(1, columns.size())));
        int gap = cellW >= 12 ? 2 : 0;
        int tickEvery = (int) Math.ceil((double) CELL_W / cellW);
        int left = 14 + 7 * rows.stream().mapToInt(c -> rowLabel(rowAxis, c).length()).max().orElse(3);
        int width = left + columns.size() * cellW + 24;
        int height = TOP + rows.size() * CELL_H + BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"phase\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", width, height, width, height));
        for (int r = 0; r < rows.size(); r++) {
            ConfigurationFrontier c = rows.get(r);
            int y = TOP + r * CELL_H;
            String rowLabel = rowLabel(rowAxis, c);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"tick\">%s</text>",
                    left - 6, y + CELL_H / 2 + 4, Html.escape(rowLabel)));
            for (int k = 0; k < columns.size(); k++) {
                int x = left + k * cellW;
                LrPoint p = c.point(columns.get(k));
                s.append(cell(x, y, cellW - gap, p, c, lowestLoss, highestLoss));
                if (p != null && p.catapults() > 0) {
                    // a catapult: the loss rose above its start, then the trial trained
                    s.append(String.format(Locale.ROOT, "<text class=\"catapult\" x=\"%d\" y=\"%d\" "
                            + "text-anchor=\"middle\">^<title>%d catapult%s: the loss rose above its start, then "
                            + "trained</title></text>", x + (cellW - gap) / 2, y + CELL_H - 5, p.catapults(),
                            p.catapults() == 1 ? "" : "s"));
                }
            }
            if (c.maxStableLearningRate() != null) {
                int k = columns.indexOf(c.maxStableLearningRate());
                int x = left + (k + 1) * cellW;
                s.append(String.format(Locale.ROOT, "<line class=\"frontier\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                        x, y - 1, x, y + CELL_H + 1));
                if (c.maxStableIsGridEdge()) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"edge\">▸</text>", x + 3,
                            y + CELL_H / 2 + 5));
                }
                int b = columns.indexOf(c.bestLearningRate());
                s.append(String.format(Locale.ROOT, "<circle class=\"best\" cx=\"%d\" cy=\"%d\" r=\"5\"/>",
                        left + b * cellW + cellW / 2, y + CELL_H / 2));
            }
        }
        int axisY = TOP + rows.size() * CELL_H;
        for (int k = 0; k < columns.size(); k += tickEvery) {
            int x = left + k * cellW + cellW / 2;
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%d,%d) rotate(-45)\" "
                    + "text-anchor=\"end\">%s</text>", x + 4, axisY + 12, Format.tick(columns.get(k))));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">learning rate →</text>",
                left, height - 4));
        s.append("</svg>");
        return s.toString();
    }

    static String rowLabel(String rowAxis, ConfigurationFrontier c) {
        if (rowAxis == null || c.get(rowAxis) == null) return "all";
        Object v = c.get(rowAxis);
        return (rowAxis.equals(DEFAULT_ROWS) ? "warm-up" : rowAxis) + " " + v;
    }

    private static String cell(int x, int y, int w, LrPoint p, ConfigurationFrontier c, double lowest,
                               double highest) {
        if (p == null) {
            return String.format(Locale.ROOT, "<rect class=\"cell missing\" x=\"%d\" y=\"%d\" width=\"%d\" "
                    + "height=\"%d\" fill=\"%s\"><title>not run (yet)</title></rect>", x, y, w, CELL_H - 2,
                    Palette.MISSING);
        }
        String fill;
        String kind;
        if (p.stable()) {
            fill = Palette.loss(p.medianFinalLoss() == null ? highest : p.medianFinalLoss(), lowest, highest);
            kind = "converged";
        } else if (p.converged() > 0) {
            fill = "url(#mixed)";
            kind = "mixed";
        } else if (p.diverged() > 0) {
            fill = Palette.DIVERGED;
            kind = "diverged";
        } else if (p.stalled() > 0) {
            fill = Palette.STALLED;
            kind = "stalled";
        } else {
            fill = Palette.FAILED;
            kind = "failed";
        }
        // narrow cells go without their white outline, which would cover them
        return String.format(Locale.ROOT, "<rect class=\"cell %s%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                + "fill=\"%s\"><title>%s</title></rect>", kind, w < 6 ? " thin" : "", x, y, w, CELL_H - 2, fill,
                Html.escape(tooltip(p, c)));
    }

    static String tooltip(LrPoint p, ConfigurationFrontier c) {
        StringBuilder t = new StringBuilder();
        t.append("learning rate ").append(Format.number(p.learningRate()));
        if (!c.configuration().isEmpty()) t.append("\n").append(c.label());
        t.append("\n").append(p.seeds()).append(p.seeds() == 1 ? " seed: " : " seeds: ");
        List<String> parts = new ArrayList<>();
        if (p.converged() > 0) parts.add(p.converged() + " converged");
        if (p.stalled() > 0) parts.add(p.stalled() + " stalled");
        if (p.diverged() > 0) parts.add(p.diverged() + " diverged");
        if (p.failed() > 0) parts.add(p.failed() + " failed");
        t.append(String.join(", ", parts));
        if (p.medianFinalLoss() != null) t.append("\nfinal loss ").append(Format.number(p.medianFinalLoss()));
        if (p.medianAccuracy() != null) t.append("\naccuracy ").append(Format.percent(p.medianAccuracy()));
        if (p.firstDivergence() != null) t.append("\ndiverged at step ").append(p.firstDivergence());
        return t.toString();
    }
}
