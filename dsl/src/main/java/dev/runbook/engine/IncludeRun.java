package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.model.Action;
import dev.runbook.model.Include;
import dev.runbook.model.Param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code include}: skipped when its {@code when:} is false (journaled with the reason), else the included
 * runbook runs as a sub-run of this one, with its own journal (in this run's folder, under {@code includes/}),
 * handlers and params, and this run's operator, clock, integrations, team, approvers, listeners and Ctrl-C. Its
 * failure is this node's failure.
 */
final class IncludeRun implements NodeRunner<Include> {
    private final RunContext run;
    private final OnceNode once;

    IncludeRun(RunContext run, OnceNode once) {
        this.run = run;
        this.once = once;
    }

    @Override
    public boolean run(Include inc, int index) {
        if (inc.when() != null) {
            Boolean go = run.conditions.when(inc.when(), inc.name(), index, null);
            if (go == null) return false;
            if (!go) return true;
        }
        return once.run(inc, index, () -> run.result(inc.name()).value(subRun(inc)), inc.continueOnFailure());
    }

    private RunResult subRun(Include inc) {
        Map<String, String> given = paramsFor(inc);
        RunOptions options = run.options();
        RunOptions sub = new RunOptions(given, run.runInfo().getSeverity(), options.dryRun(), run.runInfo().getOperator(),
                run.runDir().resolve("includes"), options.environment(), options.approvedBy());
        RunSession child;
        try {
            child = RunSession.open(inc.target(), sub, run.operator(), run.clock(), run.integrations(), run.team());
        } catch (dev.runbook.diag.RunbookProblemsException e) {
            throw new StepFailure(inc.target().name() + " cannot start: " + e.problems().get(0).message(), StepFailure.Kind.ERROR);
        } catch (dev.runbook.diag.RunRefusedException e) { // a confirm word nobody will type: the guard holds
            throw new StepFailure(inc.target().name() + " cannot start: " + e.problems().get(0).message() + " — "
                    + e.problems().get(0).hint(), StepFailure.Kind.ABORTED);
        }
        try (child) {
            RunContext childRun = child.context();
            childRun.commands(run.commands());
            run.bus().listeners().forEach(child::listen);
            run.bus().emit(EventTypes.INCLUDE_STARTED, Map.of("step", inc.name(), "runbook", inc.target().name(), "run", child.id(),
                    "dir", run.runDir().relativize(child.runDir()).toString(), "params", given));
            run.interrupts.enter(childRun.interrupts);
            RunResult r = child.runToEnd();
            if (r.outcome() == Outcome.SUCCEEDED) return r;
            String where = r.failure() == null ? "" : " at '" + r.failure().getStep() + "': " + r.failure().getMessage();
            throw new StepFailure(inc.target().name() + " " + r.outcome().label() + where,
                    r.outcome() == Outcome.ABORTED ? StepFailure.Kind.ABORTED : StepFailure.Kind.ERROR);
        } finally {
            run.interrupts.enter(null);
        }
    }

    /** The included runbook's params: those the include gives ({@code with:}), else this run's of the same name. */
    private Map<String, String> paramsFor(Include inc) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Param p : inc.target().params()) {
            if (inc.with().containsKey(p.name())) {
                Object v = inc.with().get(p.name());
                if (v instanceof Action a) {
                    v = run.workers.run(inc.name(), null, null, procs -> run.workers.call(a, inc.name(), null, null, procs));
                }
                if (v != null) given.put(p.name(), String.valueOf(v));
            } else if (run.params().asMap().get(p.name()) != null) {
                // an optional param this run was not given stays unset, so the included runbook's default applies
                given.put(p.name(), run.params().asMap().get(p.name()));
            }
        }
        return given;
    }
}
