package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.FanOutOptions;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fan-out as the journal sees it (a top-level {@code forEach} and the call inside a step): the start, one compact
 * event per finished target and a summary. {@link FanOut} runs the targets; each gets a scope of its own, whose
 * commands and integration calls are journaled with the target.
 */
final class FanOutRun {
    /** The failures a fan-out's summary event lists; the per-target events have them all. */
    static final int FAILURES_IN_SUMMARY = 10;

    private final RunContext run;

    FanOutRun(RunContext run) {
        this.run = run;
    }

    /**
     * @param parent the processes of the step (or node) that fans out: its timeout or Ctrl-C kills the targets' too
     */
    FanOutResults run(String step, List<?> targets, FanOutOptions o, Closure<?> body, GroovyObject script, TrackedProcesses parent) {
        return run(step, targets, o, body, script, parent, Map.of());
    }

    /**
     * @param doneEarlier targets (as {@code String.valueOf}, with how many times) that finished ok before a resume: they
     *                    are not run again, and count as ok in the results, with no value; the events count them as
     *                    {@code doneEarlier}. A target listed twice and ok once runs again once.
     */
    FanOutResults run(String step, List<?> targets, FanOutOptions o, Closure<?> body, GroovyObject script,
                      TrackedProcesses parent, Map<String, Integer> doneEarlier) {
        List<?> all = targets;
        boolean[] done = new boolean[all.size()];
        if (!doneEarlier.isEmpty()) {
            Map<String, Integer> left = new HashMap<>(doneEarlier);
            List<Object> rest = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                String key = String.valueOf(all.get(i));
                int times = left.getOrDefault(key, 0);
                done[i] = times > 0;
                if (done[i]) left.put(key, times - 1);
                else rest.add(all.get(i));
            }
            targets = rest;
        }
        int earlier = all.size() - targets.size();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("step", step);
        started.put("targets", targets.size());
        if (earlier > 0) started.put("doneEarlier", earlier);
        started.put("concurrency", o.concurrency());
        if (o.maxErrorsText() != null) started.put("maxErrors", o.maxErrorsText());
        if (o.timeout() != null) started.put("timeoutMs", o.timeout().toMillis());
        run.bus().emit(EventTypes.FANOUT_STARTED, started);
        long t0 = run.clock().millis();
        int seen = run.interruptCount();
        FanOut fan = new FanOut(run.clock(), t -> run.workers.toFailure(t).getMessage(), () -> run.interruptCount() > seen);
        FanOutResults res;
        boolean stopped = false;
        try {
            res = fan.run(targets, o, parent, (target, processes) -> new StepScope(run, step, null, script, processes, target)
                    .evaluate(body, target), journalTargets(step));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res = fan.lastResults();
            stopped = true;
        }
        run.bus().emit(EventTypes.FANOUT_FINISHED, summary(step, res, t0, stopped, earlier));
        if (stopped) throw run.stopFailure();
        return earlier == 0 ? res : withDoneEarlier(all, res, done);
    }

    private FanOut.Listener journalTargets(String step) {
        return new FanOut.Listener() {
            @Override
            public void launched(Object target, int index) {
                run.bus().progress(EventTypes.FANOUT_LAUNCHED, Map.of("step", step, "target", String.valueOf(target), "index", index + 1));
            }

            @Override
            public void finished(TargetResult t, int index) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("step", step);
                d.put("target", String.valueOf(t.getTarget()));
                d.put("index", index + 1);
                d.put("status", t.getStatus());
                d.put("ms", t.getDuration().toMillis());
                if (t.getError() != null) d.put("error", Workers.firstLine(t.getError()));
                // written at once, made durable with the summary (see StepScope.durable)
                run.bus().emit(EventTypes.FANOUT_TARGET, d, false);
            }
        };
    }

    private Map<String, Object> summary(String step, FanOutResults res, long t0, boolean stopped, int earlier) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step);
        d.put("targets", res.size());
        d.put("ok", res.getOk().size());
        d.put("failed", res.getFailed().size());
        d.put("skipped", res.getSkipped().size());
        d.put("durationMs", run.clock().millis() - t0);
        res.stream().filter(t -> t.status() != TargetResult.Status.SKIPPED)
                .max(Comparator.comparing(TargetResult::getDuration))
                .ifPresent(t -> d.put("slowest", Map.of("target", String.valueOf(t.getTarget()), "ms", t.getDuration().toMillis())));
        List<Map<String, Object>> failures = res.getFailed().stream().limit(FAILURES_IN_SUMMARY)
                .map(t -> Map.<String, Object>of("target", String.valueOf(t.getTarget()), "error", Workers.firstLine(t.getError()))).toList();
        if (!failures.isEmpty()) d.put("failures", failures);
        if (!res.getSkipped().isEmpty()) d.put("notLaunched", stopped ? "the run was stopped" : res.getSkipped().get(0).getError());
        if (earlier > 0) d.put("doneEarlier", earlier);
        return d;
    }

    /** Every target in its place: those done before the resume as ok, the others as this attempt left them. */
    private static FanOutResults withDoneEarlier(List<?> all, FanOutResults ran, boolean[] done) {
        List<TargetResult> merged = new ArrayList<>(all.size());
        Iterator<TargetResult> it = ran.iterator();
        for (int i = 0; i < all.size(); i++) merged.add(done[i] ? TargetResult.doneEarlier(all.get(i)) : it.next());
        return new FanOutResults(merged);
    }
}
