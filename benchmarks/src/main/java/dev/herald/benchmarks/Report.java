package dev.herald.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured, as the Markdown {@code ./herald bench} prints: its figures; per process
 * and phase, the peak resident set size and the CPU time; Herald's GC pauses per phase; notes.
 */
public record Report(String title, List<Figure> figures, Map<String, Map<String, Long>> rssPeaksKb,
                     Map<String, Map<String, Double>> cpuSeconds, Map<String, String> heraldGc, List<String> notes) {

    /** One row of the figures table: Herald's value beside the baseline's, their ratio and the target. */
    public record Figure(String name, String herald, String baseline, String ratio, String target) {
    }

    /**
     * One report of a run made of parts (one {@link Rig} each, in turn): their by-phase tables merged
     * into one (phase names differ between parts), without each part's start (Herald starting).
     */
    static Report combine(String title, List<Figure> figures, List<String> notes, List<Report> parts) {
        Map<String, Map<String, Long>> rss = new LinkedHashMap<>();
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        Map<String, String> gc = new LinkedHashMap<>();
        for (Report part : parts) {
            part.rssPeaksKb().forEach((process, m) -> rss.computeIfAbsent(process, p -> new LinkedHashMap<>()).putAll(m));
            part.cpuSeconds().forEach((process, m) -> cpu.computeIfAbsent(process, p -> new LinkedHashMap<>()).putAll(m));
            gc.putAll(part.heraldGc());
        }
        rss.values().forEach(m -> m.remove("start"));
        cpu.values().forEach(m -> m.remove("start"));
        gc.remove("start");
        return new Report(title, figures, rss, cpu, gc, notes);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(title).append("\n\n");
        out.append("| figure | Herald | baseline | ratio | target |\n|---|---|---|---|---|\n");
        figures.forEach(f -> out.append("| ").append(f.name()).append(" | ").append(f.herald()).append(" | ")
                .append(f.baseline()).append(" | ").append(f.ratio()).append(" | ").append(f.target()).append(" |\n"));
        List<String> phases = new ArrayList<>();
        rssPeaksKb.values().forEach(m -> m.keySet().stream().filter(p -> !phases.contains(p)).forEach(phases::add));
        out.append("\nBy phase: peak resident set size (VmRSS sampled every 50 ms), CPU time (user + system), "
                + "Herald's GC pauses:\n\n| process |");
        phases.forEach(p -> out.append(' ').append(p).append(" |"));
        out.append("\n|---|").append("---|".repeat(phases.size())).append('\n');
        rssPeaksKb.forEach((process, m) -> {
            out.append("| ").append(process).append(" RSS |");
            phases.forEach(p -> out.append(' ').append(m.containsKey(p) ? Format.mb(m.get(p)) : "-").append(" |"));
            out.append('\n');
        });
        cpuSeconds.forEach((process, m) -> {
            out.append("| ").append(process).append(" CPU |");
            phases.forEach(p -> out.append(' ').append(m.containsKey(p)
                    ? String.format(Locale.ROOT, "%.1f s", m.get(p)) : "-").append(" |"));
            out.append('\n');
        });
        if (!heraldGc.isEmpty()) {
            out.append("| Herald GC |");
            phases.forEach(p -> out.append(' ').append(heraldGc.getOrDefault(p, "-")).append(" |"));
            out.append('\n');
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }
}
