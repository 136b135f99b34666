package dev.runbook.integrations.pg;

import java.util.List;

/** The results of one {@code pg.check}: a row per expectation. {@link #toString()} is a table for the operator. */
public record CheckReport(String name, String database, List<CheckRow> rows) {
    public CheckReport {
        rows = List.copyOf(rows);
    }

    public boolean isOk() {
        return rows.stream().allMatch(CheckRow::ok);
    }

    public List<CheckRow> getFailed() {
        return rows.stream().filter(r -> !r.ok()).toList();
    }

    @Override
    public String toString() {
        int nameWidth = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int valueWidth = Math.max(5, rows.stream().mapToInt(r -> String.valueOf(r.value()).length()).max().orElse(0));
        StringBuilder out = new StringBuilder("check '" + name + "' on " + database + ": " + (isOk() ? "ok" : "FAILED") + "\n");
        out.append(String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s  %-8s  %s%n", "name", "value", "expected", "ok"));
        for (CheckRow r : rows) {
            out.append(String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s  %-8s  %s%n",
                    r.name(), r.value(), r.expected(), r.ok() ? "ok" : "FAILED"));
        }
        return out.toString().stripTrailing();
    }
}
