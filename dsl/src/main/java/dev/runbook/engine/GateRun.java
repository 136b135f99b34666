package dev.runbook.engine;

import dev.runbook.lang.Durations;
import dev.runbook.model.Action;
import dev.runbook.model.Gate;
import groovy.lang.GroovyObject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code gate}: the runbook's health check or the gate's own condition, polled on the run's clock until it holds
 * or its window closes ({@link GateRunner} keeps the rhythm). Each poll runs on a worker limited to what is left of
 * the window; what a probe saw is the poll's observation.
 */
final class GateRun implements NodeRunner<Gate> {
    private final RunContext run;
    private final OnceNode once;

    GateRun(RunContext run, OnceNode once) {
        this.run = run;
        this.once = once;
    }

    @Override
    public boolean run(Gate gate, int index) {
        if (gate.when() != null) {
            Boolean go = run.conditions.when(gate.when(), gate.name(), index, null);
            if (go == null) return false;
            if (!go) return true;
        }
        return once.run(gate, index, () -> poll(gate, gate.name()), gate.continueOnFailure());
    }

    /** Polls the gate until it passes; throws the gate's failure when it does not. */
    void poll(Gate g, String label) {
        Action condition = g.usesHealth() ? run.runbook().health() : g.condition();
        if (condition == null) throw new StepFailure("gate health needs the runbook's health { } check", StepFailure.Kind.ERROR);
        new GateRunner(run.bus(), run.clock(), (c, limit) -> pollOnce(c, label, limit), run::interruptCount, run::stoppedBy)
                .run(g, condition, run.dryRun());
    }

    private GateRunner.Poll pollOnce(Action condition, String label, Duration limit) {
        AtomicReference<String> observed = new AtomicReference<>();
        try {
            Object value = run.workers.run(label, limit, null, p -> {
                GroovyObject script = (GroovyObject) condition.closure().getThisObject();
                StepScope scope = new StepScope(run, label, null, script, p, null);
                scope.observeInto(observed);
                return scope.evaluate(condition.closure(), null);
            });
            return GateRunner.judge(value, observed.get());
        } catch (StepFailure f) {
            if (f.kind() == StepFailure.Kind.ABORTED) throw f;
            if (f.kind() != StepFailure.Kind.TIMEOUT) return new GateRunner.Poll(false, f.getMessage());
            // the gate's runner knows whether the window cut this poll short: then it saw nothing, which is no news
            return new GateRunner.Poll(false, "no answer within " + Durations.format(limit), true);
        }
    }
}
