package dev.runbook.testing

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import dev.runbook.model.Severity
import dev.runbook.model.Team

import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Compiles runbook text and runs it the way {@code runbook exec} does, in-process: real integrations, the
 * journal in a temp folder, and whatever clock, operator, team and approvers a spec sets. Keeps the journal and
 * the live events (which include gate progress, never journaled) of the last run.
 */
class RunHarness {
    Path runsRoot
    Clock clock = Clock.SYSTEM
    Operator operator = Operator.NOBODY
    Team team = Team.defaults()
    Map<String, String> env = [:]
    Map<String, String> params = [:]
    List<String> approvedBy = []
    Severity severity
    String operatorName = 'olivia'

    RunResult result
    final List<Event> live = new CopyOnWriteArrayList<>()

    RunHarness(Path runsRoot) {
        this.runsRoot = runsRoot
    }

    RunResult run(String text) {
        def runbook = new RunbookCompiler().compile(text, 'x.groovy')
        def options = RunOptions.defaults(params).withRunsRoot(runsRoot).withEnvironment(env)
                .withApprovedBy(approvedBy).withSeverity(severity).withOperatorName(operatorName)
        live.clear()
        RunSession.open(runbook, options, operator, clock, Integrations.discover(getClass().classLoader), team).withCloseable { session ->
            session.listen { Event e -> live << e }
            result = session.runToEnd()
        }
        result
    }

    /** The journal of the last run, as written to disk. */
    List<Event> getJournal() {
        JournalReader.read(result.runDir())
    }

    List<Event> events(String type) {
        journal.findAll { it.type() == type }
    }

    Event event(String type) {
        def all = events(type)
        assert all.size() == 1: "expected one $type event, got ${all.size()}: ${all*.data()}"
        all[0]
    }
}
