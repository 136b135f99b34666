package dev.runbook.integrations.pg;

import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.support.CallJournal;
import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the expectations of one {@code pg.check} and reports them as a table. */
final class PgCheck {
    private final PgDatabase db;
    private final CallJournal journal;

    PgCheck(PgDatabase db, CallJournal journal) {
        this.db = db;
        this.journal = journal;
    }

    CheckReport run(String name, Closure<?> block, boolean failStep) {
        CheckSpec spec = new CheckSpec();
        Closure<?> c = (Closure<?>) block.clone();
        c.setDelegate(spec);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.call();
        List<CheckSpec.Expectation> expectations = spec.expectations();
        if (expectations.isEmpty()) {
            throw new StepFailure("pg.check '" + name + "' has no expectations — write expectZero 'SELECT count(*) FROM ...' inside its block",
                    StepFailure.Kind.ERROR);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("check", name);
        return journal.call("check", db.getTarget().display(), "check '" + name + "'", extra, () -> {
            List<CheckRow> rows = new ArrayList<>();
            int i = 0;
            for (CheckSpec.Expectation e : expectations) {
                i++;
                String label = e.label() != null ? e.label() : expectations.size() == 1 ? name : name + " #" + i;
                Object value = measure(db.select(e.sql(), e.args()));
                boolean ok = value instanceof Number n && n.longValue() == e.expected();
                rows.add(new CheckRow(label, e.sql().strip(), value, e.expected(), ok));
            }
            CheckReport r = new CheckReport(name, db.getTarget().display(), rows);
            extra.put("ok", r.isOk());
            extra.put("results", rows.stream().map(row -> Map.of("name", row.name(), "value", String.valueOf(row.value()), "ok", row.ok())).toList());
            if (failStep && !r.isOk()) {
                // thrown inside the call, so the journal records the check as failed, with its results
                throw journal.failure("check '" + name + "' failed on " + db.getTarget().display() + ": "
                        + r.getFailed().size() + " of " + rows.size() + " expectations not met\n"
                        + String.join("\n", r.toString().lines().skip(1).map(l -> "│ " + l.strip()).toList()));
            }
            return r;
        });
    }

    /** A single number is the value; anything else is measured by its row count. */
    private static Object measure(List<Map<String, Object>> rows) {
        if (rows.size() == 1 && rows.getFirst().size() == 1) {
            Object v = rows.getFirst().values().iterator().next();
            if (v instanceof Number) return v;
        }
        return rows.size();
    }
}
