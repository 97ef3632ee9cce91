package io.hacoord.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable report ({@code chaos-report.json}: per scenario and backend: scenario, backend, faults,
 * violations, takeoverMs {p50, p99, max}) and the same as a readable table ({@code chaos-report.txt}).
 */
final class ChaosReport {

    /** One row of the report. */
    record Row(String scenario, String backend, int faults, int violations, Map<String, Long> takeoverMs) {
    }

    private final List<FaultResult> results = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    synchronized void add(FaultResult r) {
        results.add(r);
        r.violations().forEach(v -> violations.add(r.backend() + " " + r.scenario() + ": " + v));
    }

    /** A safety violation found in the recorded history of a backend's whole run. */
    synchronized void addHistoryViolation(String backend, String violation) {
        violations.add(backend + " history: " + violation);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized List<Row> rows() {
        Map<String, List<FaultResult>> groups = new LinkedHashMap<>();
        for (FaultResult r : results) {
            groups.computeIfAbsent(r.scenario() + "\u0000" + r.backend(), k -> new ArrayList<>()).add(r);
        }
        List<Row> rows = new ArrayList<>();
        for (List<FaultResult> g : groups.values()) {
            List<Long> t = g.stream().map(FaultResult::takeoverMs).filter(x -> x != null).sorted().toList();
            Map<String, Long> takeover = new LinkedHashMap<>();
            if (!t.isEmpty()) {
                takeover.put("p50", t.get((int) Math.floor(0.50 * (t.size() - 1))));
                takeover.put("p99", t.get((int) Math.ceil(0.99 * (t.size() - 1))));
                takeover.put("max", t.getLast());
            }
            int v = g.stream().mapToInt(r -> r.violations().size()).sum();
            rows.add(new Row(g.getFirst().scenario(), g.getFirst().backend(), g.size(), v, takeover));
        }
        return rows;
    }

    synchronized String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s %7s %10s %9s %9s %9s%n",
                "scenario", "backend", "faults", "violations", "p50 ms", "p99 ms", "max ms"));
        for (Row r : rows()) {
            b.append(String.format(Locale.ROOT, "%-16s %-10s %7d %10d %9s %9s %9s%n", r.scenario(), r.backend(),
                    r.faults(), r.violations(), ms(r, "p50"), ms(r, "p99"), ms(r, "max")));
        }
        b.append("safety violations from the recorded history: ")
                .append(violations.stream().filter(v -> v.contains(" history: ")).count()).append('\n');
        return b.toString();
    }

    private static String ms(Row r, String k) {
        Long v = r.takeoverMs().get(k);
        return v == null ? "-" : Long.toString(v);
    }

    synchronized void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", rows());
        json.put("violations", violations);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("chaos-report.json").toFile(), json);
        Files.writeString(dir.resolve("chaos-report.txt"), table());
    }
}
