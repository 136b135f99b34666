package dev.runbook.term;

import dev.runbook.journal.RunStore;

import java.util.List;
import java.util.Optional;

/** Finds a run in a store by its id or a unique start of it, the way every command that names a run does. */
public final class RunLookup {
    private RunLookup() {}

    /** The run whose id is {@code run} or starts with it; says what is wrong on {@code io.err()} otherwise. */
    public static Optional<String> find(Io io, RunStore store, String run) {
        return find(store, run, problem -> io.err().println("runbook: " + problem));
    }

    /** As above; {@code say} gets what is wrong (the REPL prints it at its prompt). */
    public static Optional<String> find(RunStore store, String run, java.util.function.Consumer<String> say) {
        List<String> ids = store.runIds();
        if (ids.isEmpty()) {
            say.accept("no runs in " + store.location() + " — pass --journal DIR|URL where the runs were journaled");
            return Optional.empty();
        }
        if (ids.contains(run)) return Optional.of(run);
        List<String> matches = ids.stream().filter(id -> id.startsWith(run)).toList();
        if (matches.size() == 1) return Optional.of(matches.get(0));
        say.accept(matches.isEmpty() ? "no run " + run + " in " + store.location() + " — `runbook runs` lists them"
                : "'" + run + "' matches " + matches.size() + " runs; give more of the id");
        return Optional.empty();
    }

    /**
     * The run's timeline, or empty after one line saying why there is none: a journal that is empty (the process was
     * killed as the run began) or that does not begin with {@code run.started} (cut, or not a run's).
     */
    public static Optional<dev.runbook.report.Timeline> timeline(Io io, RunStore store, String id,
                                                                java.util.List<dev.runbook.journal.Event> events, String what) {
        if (events.isEmpty()) {
            io.err().println("runbook: cannot " + what + " run " + id + ": its journal (" + store.journalOf(id)
                    + ") holds no event — the run was stopped as it began, and nothing ran");
            return Optional.empty();
        }
        if (!events.get(0).type().equals(dev.runbook.journal.EventTypes.RUN_STARTED)) {
            io.err().println("runbook: cannot " + what + " run " + id + ": its journal (" + store.journalOf(id)
                    + ") does not begin with run.started but with " + events.get(0).type() + " — it was cut or edited");
            return Optional.empty();
        }
        return Optional.of(dev.runbook.report.Timeline.of(events, null));
    }
}
