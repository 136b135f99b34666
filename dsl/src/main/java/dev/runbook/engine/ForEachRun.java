package dev.runbook.engine;

import dev.runbook.model.ForEach;
import groovy.lang.GroovyObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A top-level {@code forEach}: resolves its targets, fans out ({@link FanOutRun}), and fails when a target failed,
 * unless it continues on failure. It starts and finishes like a gate: once, its targets being its attempts. A
 * resumed run does not run again the targets that finished ok before.
 */
final class ForEachRun implements NodeRunner<ForEach> {
    private final RunContext run;
    private final OnceNode once;
    /** Resumed runs: per top-level forEach, the targets that finished ok before; taken when the node runs again. */
    private final Map<String, Map<String, Integer>> doneEarlier = new ConcurrentHashMap<>();

    ForEachRun(RunContext run, OnceNode once) {
        this.run = run;
        this.once = once;
    }

    /** A resumed run: the targets of {@code node} (as text, with how many times) that finished ok before. */
    void doneEarlier(String node, Map<String, Integer> targets) {
        if (!targets.isEmpty()) doneEarlier.put(node, targets);
    }

    @Override
    public boolean run(ForEach f, int index) {
        GroovyObject script = (GroovyObject) f.body().closure().getThisObject();
        StepResult r = run.result(f.name());
        return once.run(f, index, () -> {
            FanOutResults res = (FanOutResults) run.workers.run(f.name(), null, null, p -> {
                List<?> targets = f.targets() != null ? f.targets()
                        : targetList(run.workers.call(f.targetsBlock(), f.name(), null, null, p), "the targets block of '" + f.name() + "'");
                Map<String, Integer> earlier = doneEarlier.remove(f.name());
                return run.fanOuts.run(f.name(), targets, f.options(), f.body().closure(), script, p, earlier == null ? Map.of() : earlier);
            });
            r.value(res);
            if (!res.getFailed().isEmpty()) throw new StepFailure(failedTargets(res), StepFailure.Kind.ERROR);
        }, f.options().continueOnFailure());
    }

    /** "3 of 1000 targets failed (5 not launched); first: web7: command exited 1: ...". */
    static String failedTargets(FanOutResults res) {
        TargetResult first = res.getFailed().get(0);
        int skipped = res.getSkipped().size();
        return res.getFailed().size() + " of " + res.size() + " targets failed" + (skipped > 0 ? " (" + skipped + " not launched)" : "")
                + "; first: " + first.getTarget() + ": " + Workers.firstLine(first.getError());
    }

    /** The targets a block returned: a list, an array, or one value; null or nothing is a mistake worth a clear word. */
    static List<?> targetList(Object value, String what) {
        if (value instanceof Iterable<?> it) {
            List<Object> l = new ArrayList<>();
            it.forEach(l::add);
            return l;
        }
        if (value instanceof Object[] arr) return Arrays.asList(arr);
        if (value == null) throw new StepFailure(what + " returned nothing — return a list, e.g. { params.hosts.split(',') }", StepFailure.Kind.ERROR);
        return List.of(value);
    }
}
