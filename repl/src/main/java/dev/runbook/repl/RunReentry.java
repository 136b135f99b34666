package dev.runbook.repl;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.console.Style;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.engine.Clock;
import dev.runbook.engine.Inputs;
import dev.runbook.engine.RunHistory;
import dev.runbook.engine.RunSession;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.LockBusyException;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.RunLookup;
import dev.runbook.term.RunbookChanges;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Going back into a run at the prompt, both through {@link RunSession#resume} (the journal replayed: finished steps
 * are not run again, their results are restored):
 * <ul>
 *   <li>{@code runbook repl --run RUN}: a run that crashed, was stopped or failed, with its params (those {@code set}
 *   at a prompt too) and its finished steps; the cursor stands at the first node not done;</li>
 *   <li>{@code reload}: the file was edited; the run is let go (no handler runs) and reopened with the file as it is
 *   now, keeping the finished steps, the params the file still declares, the cursor and the breakpoints.</li>
 * </ul>
 */
final class RunReentry {
    private final RunDriver driver;
    private final RunbookCompiler compiler;
    private final PrintStream out;
    private final Style style;

    RunReentry(RunDriver driver, RunbookCompiler compiler) {
        this.driver = driver;
        this.compiler = compiler;
        this.out = driver.out();
        this.style = driver.style();
    }

    /** {@code runbook repl --run RUN}: the exit code to leave with when the run cannot be re-entered, else 0. */
    int reenter(String run) {
        RunStore store = driver.options().storeOrFolder();
        Optional<String> found = RunLookup.find(store, run, problem -> out.println(style.red("✗ ") + problem));
        if (found.isEmpty()) return ExitCodes.BAD_INPUT;
        String id = found.get();
        JournalReader.Contents contents = store.read(id);
        if (contents.tornLine() != null) out.println(style.yellow("! ") + contents.tornLine());
        if (contents.integrity().altered()) {
            // as runbook resume: altered history is not replayed as fact (runbook resume --accept-altered-journal can)
            out.println(style.red("✗ ") + "cannot re-enter run " + id + ": " + contents.integrity().message() + " (" + store.journalOf(id) + ")");
            return ExitCodes.ENVIRONMENT;
        }
        RunHistory history;
        try {
            history = RunHistory.of(contents.events());
        } catch (IllegalArgumentException e) {
            out.println(style.red("✗ ") + "cannot re-enter run " + id + ": " + e.getMessage() + " (" + store.journalOf(id) + ")");
            return ExitCodes.ENVIRONMENT;
        }
        if (store.stillRunning(id, contents.events())) {
            out.println(style.red("✗ ") + "run " + id + " is still running (pid " + lastPid(contents.events())
                    + "): stop it first, or wait for it; runbook show " + id + " follows it meanwhile");
            return ExitCodes.BAD_INPUT;
        }
        if ("succeeded".equals(history.outcome())) {
            out.println(style.red("✗ ") + "run " + id + " already succeeded: there is nothing to go on with. "
                    + "runbook repl " + history.file() + " starts a new run.");
            return ExitCodes.BAD_INPUT;
        }
        Path file = Path.of(history.file()).isAbsolute() ? Path.of(history.file())
                : Path.of(history.cwd() == null ? "" : history.cwd()).resolve(history.file());
        if (!Files.isRegularFile(file)) {
            out.println(style.red("✗ ") + "the runbook of run " + id + " is not at " + file + " any more; put it back, "
                    + "or re-enter from the folder the run was started in");
            return ExitCodes.BAD_INPUT;
        }
        RunbookLoading.Compiled c = driver.compile(file, Map.of());
        if (c.runbook() == null) {
            cannotLoad(c);
            return ExitCodes.BAD_INPUT;
        }
        Runbook runbook = c.runbook();
        if (!runbook.contentHash().equals(history.contentHash())) {
            // at the prompt nothing runs without the operator's word, so the edited file is shown rather than refused
            out.println(style.yellow("! ") + file + " changed since run " + id + " started; going on with it as it is now "
                    + "(finished steps do not run again):");
            RunbookChanges.describe(compiler, runbook, file, store.sourceCopy(id).orElse(null), history.nodeNames())
                    .forEach(l -> out.println("    " + l));
        }
        Map<String, String> params = kept(runbook, paramsOf(history, contents.events()));
        List<String> names = runbook.nodes().stream().map(Node::name).toList();
        int cursor = names.size();
        for (int i = 0; i < names.size(); i++) {
            RunHistory.NodeRecord r = history.nodes().get(names.get(i));
            if (r == null || r.state() != RunHistory.NodeState.DONE) {
                cursor = i;
                break;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("by", driver.options().operatorName());
        details.put("decision", "re-entered at the REPL");
        RunSession session = open(runbook, c, history, contents, params, cursor, details, id);
        if (session == null) return ExitCodes.BAD_INPUT;
        driver.adopt(c, params, session);
        Position position = driver.position();
        position.reset();
        position.moveTo(cursor);
        RunHistory.NodeRecord at = cursor < names.size() ? history.nodes().get(names.get(cursor)) : null;
        if (at != null && at.state() == RunHistory.NodeState.FAILED) position.failed(cursor);
        long done = names.stream().map(n -> history.nodes().get(n))
                .filter(n -> n != null && n.state() == RunHistory.NodeState.DONE).count();
        out.println(style.bold("Re-entered run " + id) + " (" + runbook.name() + ", started " + history.startedAt() + " by "
                + history.operator() + ", " + (history.outcome() == null ? "stopped" : history.outcome()) + ")");
        out.println("  " + done + " of " + names.size() + " done earlier, not run again"
                + (cursor < names.size() ? "; next: '" + names.get(cursor) + "'" : "; only the handlers are left: next ends the run"));
        if (at != null && at.state() == RunHistory.NodeState.UNKNOWN) {
            out.println(style.yellow("? " + at.name() + " was running when the run stopped: its outcome is unknown.")
                    + " Check what it did (journal), then next runs it again, or skip passes it.");
        }
        return ExitCodes.OK;
    }

    /** {@code reload}: the file as it is now, in place (see the class comment). */
    void reload(Map<String, String> extra) {
        Runbook before = driver.runbook().orElse(null);
        if (before == null) {
            out.println("No runbook loaded — load FILE first.");
            return;
        }
        Path file = driver.file();
        RunbookLoading.Compiled c = driver.compile(file, Map.of());
        if (c.runbook() == null) {
            cannotLoad(c);
            out.println("Nothing changed: the run goes on with the runbook as it was loaded. Fix the file, then reload.");
            return;
        }
        Optional<String> now = read(file);
        String was = driver.loadedText();
        if (now.isPresent() && now.get().equals(was) && extra.isEmpty()) {
            out.println(file + " has not changed since it was loaded; nothing to reload.");
            return;
        }
        Runbook after = c.runbook();
        List<String> changes = RunbookChanges.describe(compiler, after, now, Optional.ofNullable(was),
                before.nodes().stream().map(Node::name).toList());
        Map<String, String> current = new LinkedHashMap<>(driver.given());
        driver.session().ifPresent(s -> s.params().asMap().forEach((k, v) -> { if (v != null) current.put(k, v); }));
        current.putAll(extra);
        Map<String, String> params = kept(after, current);
        try {
            Inputs.resolve(after, params, driver.options().environment());
        } catch (RunbookProblemsException e) {
            printProblems(e.problems());
            out.println("Nothing changed: give the value with reload -p NAME=VALUE.");
            return;
        }
        Set<String> breaks = new LinkedHashSet<>(driver.position().breaks());
        String at = driver.position().at(before);
        int failed = driver.position().lastFailed();
        String failedName = failed >= 0 ? before.nodes().get(failed).name() : null;
        RunSession session = driver.session().orElse(null);
        if (session != null && !session.isFinished() && !driver.journalLost()) {
            driver.journal("reload", String.join("; ", changes));
            String id = session.id();
            RunStore store = session.store();
            driver.release();
            JournalReader.Contents contents = store.read(id);
            RunHistory history = RunHistory.of(contents.events());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("by", driver.options().operatorName());
            details.put("decision", "reloaded at the REPL");
            details.put("changes", changes);
            int cursor = at == null ? after.nodes().size() : Math.max(0, indexOf(after, at));
            session = open(after, c, history, contents, params, cursor, details, id);
            if (session == null) {
                driver.adopt(c, params, null);
                out.println("The next step starts a new run; runbook repl --run " + id + " goes on with run " + id + ".");
            } else {
                driver.adopt(c, params, session);
            }
        } else {
            if (session != null) driver.closeRun("reloaded the file"); // a finished or lost run: the next action starts a new one
            driver.adopt(c, params, null);
        }
        Position position = driver.position();
        position.reset();
        int cursor = at == null ? after.nodes().size() : indexOf(after, at);
        position.moveTo(cursor >= 0 ? cursor : firstNotDone(after));
        if (failedName != null && indexOf(after, failedName) >= 0) position.failed(indexOf(after, failedName));
        breaks.stream().filter(b -> indexOf(after, b) >= 0).forEach(position.breaks()::add);
        out.println("Reloaded " + file + ":");
        changes.forEach(l -> out.println("    " + l));
        current.keySet().stream().filter(k -> !params.containsKey(k))
                .forEach(k -> out.println("    param '" + k + "' is not declared any more: its value is dropped"));
        if (driver.session().isPresent()) {
            long done = after.nodes().stream().filter(n -> driver.session().get().stepResults().get(n.name()).status()
                    != dev.runbook.engine.StepStatus.PENDING).count();
            out.println("  the run goes on: " + done + " step(s) done earlier are not run again; the params are kept.");
        }
    }

    /** The reopened run, or null when it cannot be (said why); {@code run.resumed} journals who and from where. */
    private RunSession open(Runbook runbook, RunbookLoading.Compiled c, RunHistory history, JournalReader.Contents contents,
                            Map<String, String> params, int cursor, Map<String, Object> details, String id) {
        try {
            RunSession s = RunSession.resume(runbook, driver.options(), driver.operator(), Clock.SYSTEM, driver.integrations(),
                    c.team(), history, contents.validBytes(), params);
            s.resumedAt(cursor, details);
            return s;
        } catch (RunbookProblemsException e) {
            printProblems(e.problems());
        } catch (LockBusyException | JournalException e) {
            out.println(style.red("✗ ") + "cannot reopen run " + id + ": " + e.getMessage());
        }
        return null;
    }

    /** The params the run has now: those it started with, then each {@code set} at a prompt, in order. */
    private static Map<String, String> paramsOf(RunHistory history, List<Event> events) {
        Map<String, String> p = new LinkedHashMap<>(history.params());
        for (Event e : events) {
            if (!EventTypes.REPL_COMMAND.equals(e.type()) || !"set".equals(e.str("command")) || e.get("args") == null) continue;
            String[] nameValue = e.str("args").split(" ", 2);
            if (nameValue.length == 2) p.put(nameValue[0], nameValue[1]);
        }
        return p;
    }

    /** The params {@code runbook} declares, of those given. */
    private static Map<String, String> kept(Runbook runbook, Map<String, String> given) {
        Map<String, String> kept = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>(runbook.params().stream().map(p -> p.name()).toList());
        given.forEach((k, v) -> { if (declared.contains(k) && v != null) kept.put(k, v); });
        return kept;
    }

    private int firstNotDone(Runbook runbook) {
        RunSession s = driver.session().orElse(null);
        if (s == null) return 0;
        for (int i = 0; i < runbook.nodes().size(); i++) {
            if (s.stepResults().get(runbook.nodes().get(i).name()).status() == dev.runbook.engine.StepStatus.PENDING) return i;
        }
        return runbook.nodes().size();
    }

    private static int indexOf(Runbook runbook, String name) {
        for (int i = 0; i < runbook.nodes().size(); i++) if (runbook.nodes().get(i).name().equals(name)) return i;
        return -1;
    }

    private void cannotLoad(RunbookLoading.Compiled c) {
        if (c.failure() != null) out.println(style.red("✗ ") + "cannot load " + c.file() + ": " + c.failure());
        else printProblems(c.problems());
    }

    private void printProblems(List<Problem> problems) {
        for (Problem p : problems) out.println(style.red("✗ ") + p);
    }

    private static Optional<String> read(Path f) {
        try {
            return Optional.of(Files.readString(f));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String lastPid(List<Event> events) {
        String pid = "?";
        for (Event e : events) if (e.get("pid") != null) pid = e.str("pid");
        return pid;
    }
}
