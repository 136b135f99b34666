package dev.runbook.repl;

import dev.runbook.console.Style;
import dev.runbook.engine.RunSession;
import dev.runbook.engine.StepStatus;
import dev.runbook.model.Approval;
import dev.runbook.model.Runbook;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's moves through the REPL's run, by hand: {@code next}, {@code run}, {@code skip}, {@code retry},
 * {@code goto}, {@code break}, {@code approve}, {@code abort}. Each is journaled before it happens; a failure or a
 * Ctrl-C stops one node only, and the operator decides what comes next. The run and the runbook are the
 * {@link RunDriver}'s; the cursor and the breakpoints are its {@link Position}.
 *
 * <p>An approval guards what stands after it: no move starts a node after an approval that is not granted, and an
 * approval cannot be skipped. {@code goto} may pass one, but the steps beyond it stay refused until it is granted
 * ({@code run APPROVAL} or {@code goto} back to it); a denial ends the run as aborted, as it does under {@code exec}.
 */
final class Stepping {
    private final RunDriver driver;
    private final Position position;
    private final PrintStream out;
    private final Style style;
    private final Asker asker;

    Stepping(RunDriver driver, PrintStream out, Style style, Asker asker) {
        this.driver = driver;
        this.position = driver.position();
        this.out = out;
        this.style = style;
        this.asker = asker;
    }

    /** {@code next}: runs the node under the cursor. */
    void next() {
        if (!driver.ready()) return;
        if (position.cursor() >= runbook().nodes().size()) {
            finishAtEnd();
            return;
        }
        driver.journal("next", runbook().nodes().get(position.cursor()).name());
        runAt(position.cursor());
    }

    /** {@code run}: from the cursor to the end, stopping before a breakpoint or at a failure. */
    void runOn() {
        if (!driver.ready()) return;
        driver.journal("run", "");
        boolean first = true;
        while (position.cursor() < runbook().nodes().size()) {
            String name = runbook().nodes().get(position.cursor()).name();
            if (!first && position.breaks().contains(name)) {
                out.println(style.yellow("● break before '" + name + "'") + " — next runs it, run goes on");
                return;
            }
            first = false;
            if (!runAt(position.cursor())) return;
        }
        finishAtEnd();
    }

    /** {@code run STEP}: that node only, wherever the cursor is. */
    void runOnly(int index) {
        if (!driver.ready()) return;
        driver.journal("run", runbook().nodes().get(index).name());
        runAt(index);
    }

    /** {@code retry}: the node that failed last (or, when none did, the one run last) runs again. */
    void retry() {
        if (!driver.ready()) return;
        int index = position.lastFailed() >= 0 ? position.lastFailed() : position.lastRun();
        if (index < 0) {
            out.println("Nothing has run yet — next runs the first step.");
            return;
        }
        driver.journal("retry", runbook().nodes().get(index).name());
        session().resume(index);
        runAt(index);
    }

    /** {@code skip [STEP]}: the node counts as skipped; skipping the cursor's node moves on. */
    void skip(int index) {
        if (!driver.ready()) return;
        if (index >= runbook().nodes().size()) {
            out.println("There is no step left to skip.");
            return;
        }
        String name = runbook().nodes().get(index).name();
        if (runbook().nodes().get(index) instanceof Approval) {
            out.println(style.red("✗ ") + "'" + name + "' is an approval and cannot be skipped: next asks for it, approve NAME "
                    + "names who answers it, abort ends the run");
            return;
        }
        driver.journal("skip", name);
        session().skipNode(index, "skipped by the operator at the REPL");
        position.skipped(index);
        finishAtEnd();
    }

    /** {@code goto STEP}: moves the cursor; jumping over steps that have not run needs a yes. */
    void goTo(int index) {
        if (!driver.ready()) return;
        List<String> jumped = new ArrayList<>();
        for (int i = position.cursor(); i < index; i++) {
            String n = runbook().nodes().get(i).name();
            if (session().stepResults().get(n).status() == StepStatus.PENDING) jumped.add(n);
        }
        if (!jumped.isEmpty() && !asker.yes("Jump over " + jumped.size() + (jumped.size() == 1 ? " step" : " steps")
                + " that did not run (" + String.join(", ", jumped) + ")?", false)) {
            out.println("Stayed at " + (position.cursor() + 1) + "/" + runbook().nodes().size() + ".");
            return;
        }
        driver.journal("goto", runbook().nodes().get(index).name()
                + (jumped.isEmpty() ? "" : " (jumped over: " + String.join(", ", jumped) + ")"));
        position.moveTo(index);
        pendingApprovalBefore(index).ifPresent(a -> out.println(style.yellow("  '" + a + "' is not granted")
                + ": no step after it runs until it is (run " + a + " asks for it)"));
    }

    /** {@code break STEP}: toggles a breakpoint before the node. */
    void toggleBreak(int index) {
        String name = runbook().nodes().get(index).name();
        if (position.breaks().remove(name)) out.println("  break before '" + name + "' removed");
        else {
            position.breaks().add(name);
            out.println("  break before '" + name + "': run stops there");
        }
    }

    /** {@code approve NAME [ROLE]}: the next approval point takes this approver's word (checked against the policy). */
    void approve(String approver) {
        if (!driver.ready()) return;
        driver.journal("approve", approver);
        driver.operator().approveNext(approver);
        out.println("  " + approver + " will answer the next approval point (checked against the team policy)");
    }

    /** {@code abort}: ends the run as aborted, after a yes (as {@code exit}); the runbook's onFailure and always run. */
    void abort() {
        if (driver.session().isEmpty()) {
            out.println("No run has started: there is nothing to abort (exit leaves).");
            return;
        }
        if (!driver.ready()) return;
        if (!asker.yes("Abort the run? It ends as aborted; its onFailure and always run.", true)) {
            out.println("The run goes on.");
            return;
        }
        driver.journal("abort", "");
        driver.printResult(session().abort(position.at(runbook()), "aborted by the operator at the REPL"));
    }

    /** Runs node {@code i}; the cursor moves past it when it was the cursor's node and it did not stop the run. */
    private boolean runAt(int i) {
        Optional<String> approval = pendingApprovalBefore(i);
        if (approval.isPresent()) {
            out.println(style.red("✗ ") + "'" + runbook().nodes().get(i).name() + "' stands after '" + approval.get()
                    + "', which is not granted: run " + approval.get() + " (or goto it, then next) asks for it first");
            return false;
        }
        position.running(i);
        boolean ok = session().runNode(i);
        if (!ok && driver.approvalDenied()) {
            // a denial is the approvers' answer, not a failure to retry or skip past
            out.println(style.red("✗ ") + "the approval was denied: the run ends as aborted");
            driver.printResult(session().abort(runbook().nodes().get(i).name(), "approval denied"));
            return false;
        }
        // a failure or a Ctrl-C stops this node only: the operator decides what comes next
        session().resume(ok ? i : -1);
        if (ok) {
            position.ranOk(i);
            finishAtEnd();
        } else {
            position.failed(i);
            if (asker.endedAt() != null) return false; // the session ends: no advice on what to type next
            boolean isApproval = runbook().nodes().get(i) instanceof Approval;
            out.println(style.yellow("'" + runbook().nodes().get(i).name() + "' did not complete")
                    + (isApproval ? " — retry asks again (approve NAME names who answers), or abort"
                                : " — retry, skip, goto STEP or abort (log shows its output)"));
        }
        return ok;
    }

    /** The first approval before node {@code index} that is not granted (a later node must wait for it). */
    private Optional<String> pendingApprovalBefore(int index) {
        for (int j = 0; j < index; j++) {
            var node = runbook().nodes().get(j);
            if (node instanceof Approval && session().stepResults().get(node.name()).status() != StepStatus.OK) {
                return Optional.of(node.name());
            }
        }
        return Optional.empty();
    }

    private void finishAtEnd() {
        if (position.cursor() >= runbook().nodes().size() && !session().isFinished()) driver.printResult(session().finish());
    }

    /** Loaded and open: every move but {@code break} checks {@link RunDriver#ready} first. */
    private Runbook runbook() { return driver.runbook().orElseThrow(); }
    private RunSession session() { return driver.session().orElseThrow(); }
}
