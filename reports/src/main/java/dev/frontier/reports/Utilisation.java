package dev.frontier.reports;

import dev.frontier.sweeps.Outcome;
import dev.frontier.sweeps.Provenance;
import dev.frontier.sweeps.TrialResult;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the trials of a run spread over executors and time: one lane per executor slot, one bar per trial (or pack of
 * trials trained together) from its start to its end, coloured by outcome; and how busy the slots were. Trials that overlap on one executor (it runs a
 * task per core) go to separate slots.
 */
final class Utilisation {
    private static final int LEFT = 150;
    private static final int PLOT = 700;
    private static final int LANE = 12;
    private static final int TOP = 6;
    private static final int BOTTOM = 30;

    private Utilisation() {
    }

    /** One task's work: a trial, or a pack of {@code members} trials trained together (its longest member). */
    record Span(TrialResult trial, double start, double end, int members) {
    }

    /**
     * The results with each pack collapsed into its longest member (the pack's wall time) and how many members it
     * had: the units of work that occupied a slot.
     */
    static List<Map.Entry<TrialResult, Integer>> work(Collection<TrialResult> results) {
        Map<List<String>, TrialResult> longest = new LinkedHashMap<>();
        Map<List<String>, Integer> members = new LinkedHashMap<>();
        List<Map.Entry<TrialResult, Integer>> out = new ArrayList<>();
        for (TrialResult r : results) {
            Provenance p = r.provenance();
            if (p == null || p.pack() == null || p.packSize() == null || p.packSize() < 2) {
                out.add(Map.entry(r, 1));
                continue;
            }
            List<String> key = List.of(p.pack(), String.valueOf(p.startedAt()), String.valueOf(p.executorId()));
            longest.merge(key, r, (a, b) -> a.wallSeconds() >= b.wallSeconds() ? a : b);
            members.merge(key, 1, Integer::sum);
        }
        longest.forEach((key, r) -> out.add(Map.entry(r, members.get(key))));
        return out;
    }

    /** Training time summed over the units of work (a pack counts once, for its wall time). */
    static double trainingSeconds(Collection<TrialResult> results) {
        double seconds = 0;
        for (Map.Entry<TrialResult, Integer> w : work(results)) seconds += w.getKey().wallSeconds();
        return seconds;
    }

    /** The work that started at or after {@code since} (all when null), as seconds from the earliest start. */
    static List<Span> spans(List<TrialResult> results, String since) {
        Instant from = parse(since);
        List<Object[]> timed = new ArrayList<>();
        for (Map.Entry<TrialResult, Integer> w : work(results)) {
            TrialResult r = w.getKey();
            Instant start = r.provenance() == null ? null : parse(r.provenance().startedAt());
            if (start == null || (from != null && start.isBefore(from))) continue;
            timed.add(new Object[]{r, start, w.getValue()});
        }
        if (timed.isEmpty()) return List.of();
        Instant t0 = timed.stream().map(o -> (Instant) o[1]).min(Comparator.naturalOrder()).orElseThrow();
        List<Span> spans = new ArrayList<>();
        for (Object[] o : timed) {
            TrialResult r = (TrialResult) o[0];
            double s = (((Instant) o[1]).toEpochMilli() - t0.toEpochMilli()) / 1000.0;
            spans.add(new Span(r, s, s + r.wallSeconds(), (Integer) o[2]));
        }
        spans.sort(Comparator.comparingDouble(Span::start));
        return spans;
    }

    /** Executor name to its slots, each slot a list of non-overlapping spans (greedy interval partitioning). */
    static Map<String, List<List<Span>>> lanes(List<Span> spans) {
        Map<String, List<List<Span>>> lanes = new TreeMap<>();
        for (Span s : spans) {
            List<List<Span>> slots = lanes.computeIfAbsent(executor(s.trial().provenance()), k -> new ArrayList<>());
            List<Span> free = slots.stream().filter(l -> l.get(l.size() - 1).end() <= s.start() + 1e-3).findFirst()
                    .orElse(null);
            if (free == null) {
                free = new ArrayList<>();
                slots.add(free);
            }
            free.add(s);
        }
        return lanes;
    }

    static String executor(Provenance p) {
        return p.host() + (p.executorId() == null ? "" : " #" + p.executorId());
    }

    /** The fraction of slot time spent training, from the first start to the last end. */
    static double busy(Map<String, List<List<Span>>> lanes) {
        double work = 0;
        double end = 0;
        int slots = 0;
        for (List<List<Span>> executor : lanes.values()) {
            for (List<Span> slot : executor) {
                slots++;
                for (Span s : slot) {
                    work += s.end() - s.start();
                    end = Math.max(end, s.end());
                }
            }
        }
        return slots == 0 || end <= 0 ? 0 : work / (slots * end);
    }

    static String svg(List<Span> spans) {
        Map<String, List<List<Span>>> lanes = lanes(spans);
        double end = spans.stream().mapToDouble(Span::end).max().orElse(1);
        int rows = lanes.values().stream().mapToInt(List::size).sum();
        int height = TOP + rows * LANE + BOTTOM;
        int width = LEFT + PLOT + 20;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"utilisation\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">", width,
                height, width, height));
        int row = 0;
        for (Map.Entry<String, List<List<Span>>> e : lanes.entrySet()) {
            int y0 = TOP + row * LANE;
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y0 + LANE - 2, Html.escape(e.getKey())));
            for (List<Span> slot : e.getValue()) {
                int y = TOP + row * LANE;
                for (Span span : slot) {
                    double x0 = LEFT + PLOT * span.start() / end;
                    double w = Math.max(1, PLOT * (span.end() - span.start()) / end);
                    TrialResult t = span.trial();
                    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                            + "fill=\"%s\"><title>%s</title></rect>", x0, y + 1, w, LANE - 2, color(t.outcome()),
                            Html.escape((span.members() > 1 ? "a pack of " + span.members() + " trials"
                                    : "learning rate " + Format.number(t.config().learningRate()) + ", "
                                    + t.outcome().name().toLowerCase(Locale.ROOT)) + ", "
                                    + Format.duration(t.wallSeconds()))));
                }
                row++;
            }
        }
        for (int k = 0; k <= 4; k++) {
            double t = end * k / 4;
            double x = LEFT + PLOT * k / 4.0;
            s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                    + "</text>", x, TOP + rows * LANE + 14, Format.duration(t)));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">time since the first trial "
                + "started →</text>", LEFT, height - 2));
        return s.append("</svg>").toString();
    }

    private static String color(Outcome o) {
        return switch (o) {
            case CONVERGED -> Palette.BEST;
            case STALLED -> Palette.STALLED;
            case DIVERGED -> Palette.DIVERGED;
            case FAILED -> Palette.FAILED;
        };
    }

    private static Instant parse(String iso) {
        if (iso == null) return null;
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
