package dev.runbook.console;

import dev.runbook.engine.EventListener;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepResult;
import dev.runbook.engine.StepStatus;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.JournalException;
import dev.runbook.model.Node;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run whose journal stopped taking events (a disk full, a database gone): the run stops at once, as nothing may
 * run that is not journaled. What the operator needs then is where it stopped, in words: which step was under way
 * (its command may have gone on past what the screen shows), how many finished, how many never started, and the two
 * commands that show the journal and go on from it once it works again.
 */
public final class JournalLost implements EventListener {
    private final RunSession session;
    /** The top-level steps the console showed starting, and ending (finished or skipped): what the journal holds. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    private JournalLost(RunSession session) {
        this.session = session;
    }

    /** Follows the session's steps from now on, for {@link #report}. */
    public static JournalLost watch(RunSession session) {
        JournalLost lost = new JournalLost(session);
        session.listen(lost);
        return lost;
    }

    @Override
    public void onEvent(Event event) {
        if (!(event.data().get("step") instanceof String step)) return;
        switch (event.type()) {
            case EventTypes.STEP_STARTED -> started.add(step);
            case EventTypes.STEP_FINISHED, EventTypes.STEP_SKIPPED -> ended.add(step);
            default -> { }
        }
    }

    /**
     * Prints the journal's error (after {@code prefix}: "runbook: " on stderr), where the run stopped, and the
     * commands that show the run and go on with it (with {@code --journal} and the store's location, so that they
     * reach the same journal; a URL's password masked).
     */
    public void report(PrintStream err, String prefix, JournalException e) {
        err.println(prefix + "journal error: " + e.getMessage());
        err.println("  " + whereItStopped());
        String where = " --journal " + session.store().location();
        err.println("  What the journal holds: runbook show " + session.id() + where
                + " · once it can be written again: runbook resume " + session.id() + where);
    }

    /**
     * "The run stopped during step 2 of 3, 'Promote': ...". A step that did not start here and is not pending ended in
     * an earlier part of a resumed run.
     */
    private String whereItStopped() {
        List<Node> nodes = session.runbook().nodes();
        int finished = 0;
        int notStarted = 0;
        String during = null;
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i).name();
            if (ended.contains(name)) {
                finished++;
            } else if (started.contains(name)) {
                if (during == null) during = "step " + (i + 1) + " of " + nodes.size() + ", '" + name + "'";
            } else {
                StepResult r = session.stepResults().get(name);
                if (r == null || r.status() == StepStatus.PENDING || r.status() == StepStatus.RUNNING) notStarted++;
                else finished++;
            }
        }
        String counts = finished + (finished == 1 ? " step" : " steps") + " had ended, " + notStarted + " did not start.";
        if (during == null) return "The run stopped between steps: " + counts;
        return "The run stopped during " + during + ", whose end is not journaled: it may have done more than the screen shows. "
                + counts;
    }
}
