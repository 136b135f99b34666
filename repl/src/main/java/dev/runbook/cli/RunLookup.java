package dev.runbook.cli;

import dev.runbook.journal.RunStore;
import dev.runbook.term.Io;

import java.util.List;
import java.util.Optional;

/** Finds a run in a store by its id or a unique start of it, the way every command that names a run does. */
final class RunLookup {
    private RunLookup() {}

    /** The run whose id is {@code run} or starts with it; says what is wrong on {@code io.err()} otherwise. */
    static Optional<String> find(Io io, RunStore store, String run) {
        List<String> ids = store.runIds();
        if (ids.isEmpty()) {
            io.err().println("runbook: no runs in " + store.location() + " — pass --journal DIR|URL where the runs were journaled");
            return Optional.empty();
        }
        if (ids.contains(run)) return Optional.of(run);
        List<String> matches = ids.stream().filter(id -> id.startsWith(run)).toList();
        if (matches.size() == 1) return Optional.of(matches.get(0));
        io.err().println(matches.isEmpty() ? "runbook: no run " + run + " in " + store.location() + " — `runbook runs` lists them"
                : "runbook: '" + run + "' matches " + matches.size() + " runs; give more of the id");
        return Optional.empty();
    }
}
