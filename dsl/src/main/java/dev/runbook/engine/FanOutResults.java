package dev.runbook.engine;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code forEach} returns (and {@code steps['name'].value} of a top-level one): one {@link TargetResult} per
 * target, in the order of the targets, with shortcuts: {@code results.ok}, {@code results.failed},
 * {@code results.skipped}, {@code results.values} (target → value of those that ran ok).
 */
public final class FanOutResults extends AbstractList<TargetResult> {
    private final List<TargetResult> all;

    FanOutResults(List<TargetResult> all) {
        this.all = List.copyOf(all);
    }

    @Override public TargetResult get(int index) { return all.get(index); }
    @Override public int size() { return all.size(); }

    public List<TargetResult> getOk() { return of(TargetResult.Status.OK); }
    public List<TargetResult> getFailed() { return of(TargetResult.Status.FAILED); }
    public List<TargetResult> getSkipped() { return of(TargetResult.Status.SKIPPED); }

    /** Target → what its block returned, for the targets that ran ok, in target order. */
    public Map<Object, Object> getValues() {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (TargetResult r : all) if (r.isOk()) m.put(r.getTarget(), r.getValue());
        return m;
    }

    /** "998 ok, 2 failed, 0 skipped". */
    public String summary() {
        return getOk().size() + " ok, " + getFailed().size() + " failed, " + getSkipped().size() + " skipped";
    }

    private List<TargetResult> of(TargetResult.Status s) {
        return all.stream().filter(r -> r.status() == s).toList();
    }

    @Override
    public String toString() {
        return summary();
    }
}
