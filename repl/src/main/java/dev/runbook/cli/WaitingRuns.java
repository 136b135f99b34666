package dev.runbook.cli;

import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.FileRunStore;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where an approval waits: in the run itself, or in the sub-run of an {@code include} it is running (which has its
 * own journal and inbox in the run's folder, under {@code includes/}, in a folder store of its own). {@code runbook
 * approve} takes the top run's id or the sub-run's, as printed at the approval prompt, and finds the one waiting.
 */
final class WaitingRuns {
    /** A run in a store; {@code via} says how it was reached ("" for a top-level run). */
    record Found(RunStore store, String id, String via) {}

    private WaitingRuns() {}

    /**
     * The run that waits, reached from {@code top}: itself when it waits for an approval, else the sub-run of the
     * include it is running (and so on down); {@code top} itself when none waits.
     */
    static Found follow(Found top) {
        Found at = top;
        for (int depth = 0; depth < 16; depth++) { // includes nest a few levels; a cycle is refused when compiling
            List<Event> events = at.store().read(at.id()).events();
            if (ApproveCommand.waitingFor(events).isPresent()) return at;
            Event open = openInclude(events);
            if (open == null) return top;
            Path sub = at.store().runDir(at.id()).resolve(open.str("dir"));
            at = new Found(new FileRunStore(sub.getParent()), open.str("run"),
                    " (include '" + open.str("step") + "' of run " + at.id() + ")");
        }
        return top;
    }

    /** The include a run is in the middle of: started, not finished. */
    private static Event openInclude(List<Event> events) {
        Event open = null;
        for (Event e : events) {
            if (EventTypes.INCLUDE_STARTED.equals(e.type())) open = e;
            else if (open != null && EventTypes.STEP_FINISHED.equals(e.type()) && open.str("step").equals(e.str("step"))) open = null;
            else if (EventTypes.RUN_FINISHED.equals(e.type())) open = null;
        }
        return open;
    }

    /**
     * A sub-run whose id is {@code id} or starts with it, looked for in the {@code includes/} folders of the store's
     * runs, newest first: the id printed at an approval prompt inside an include.
     */
    static Optional<Found> subRun(RunStore store, String id) {
        for (String top : store.runIds()) {
            Optional<Found> f = under(store.runDir(top).resolve("includes"), id, " (an include's sub-run, in run " + top + ")", 0);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }

    private static Optional<Found> under(Path includes, String id, String via, int depth) {
        if (depth > 8 || !Files.isDirectory(includes)) return Optional.empty();
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(includes)) {
            s.filter(Files::isDirectory).sorted().forEach(runs::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path r : runs) {
            String name = r.getFileName().toString();
            if (name.startsWith(id)) return Optional.of(new Found(new FileRunStore(includes), name, via));
            Optional<Found> deeper = under(r.resolve("includes"), id, via, depth + 1);
            if (deeper.isPresent()) return deeper;
        }
        return Optional.empty();
    }
}
