package dev.runbook.serve;

import dev.runbook.cli.ApproveCommand;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;
import dev.runbook.report.Timeline;
import dev.runbook.lang.Durations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One run as the pages show it: what the runs list has in a row, and the approval it waits for. */
record RunSummary(String id, String runbook, String state, String operator, Instant started, String duration,
                  Optional<Event> waiting) {

    static RunSummary of(RunStore store, String id, List<Event> events) {
        Timeline t = Timeline.of(events, null);
        Optional<Event> waiting = ApproveCommand.waitingFor(events);
        String state = t.outcome() != null ? t.outcome()
                : !store.stillRunning(id, events) ? "stopped (resumable)"
                : waiting.isPresent() ? "waiting for approval" : "running";
        // a run still going has lasted until now, not until its last event
        boolean live = state.equals("running") || state.equals("waiting for approval");
        java.time.Duration lasted = live && t.startedAt() != null ? java.time.Duration.between(t.startedAt(), Instant.now()) : t.duration();
        return new RunSummary(id, t.runbook(), state, t.operator(), t.startedAt(), Durations.format(lasted), waiting);
    }

    boolean waitingForApproval() {
        return waiting.isPresent() && state.equals("waiting for approval");
    }
}
