package dev.runbook.engine

import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.ConsoleRenderer
import dev.runbook.console.Style
import dev.runbook.journal.Event
import dev.runbook.journal.FileJournal
import dev.runbook.journal.JournalReader

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * Runs runbook text the way {@code runbook exec} does (compile, open a session, render to a console, run to the
 * end) and keeps everything a user could look at afterwards: the result, the console text and the journal.
 */
class RunbookRunner {
    /** Where run folders (and their journals) go: a test's temp dir. */
    final Path runsRoot
    /** The environment secrets and {@code env} are read from; empty unless a test sets it. */
    Map<String, String> environment = [:]
    Operator operator = Operator.YES
    boolean dryRun = false
    /** None unless a test wants them (Integrations.discover gives http and notify). */
    Integrations integrations = new Integrations()
    /** Extra listeners, attached after the console, for tests that act while the run goes on. */
    List<EventListener> listeners = []
    /** The name the runbook's file has: it names the script's class. */
    String fileName = 'x.groovy'
    /** The team file's team; the built-in default unless a test sets one. */
    dev.runbook.model.Team team = dev.runbook.model.Team.defaults()

    RunbookRunner(Path runsRoot) {
        this.runsRoot = runsRoot
    }

    /** Compiles and opens a session with the console and an event recorder attached; throws what open throws. */
    Session open(String text, Map<String, String> params = [:]) {
        def runbook = new RunbookCompiler().compile(text, fileName)
        def options = RunOptions.defaults(params).withRunsRoot(runsRoot).withEnvironment(environment)
                .withOperatorName('alice').withDryRun(dryRun)
        def session = RunSession.open(runbook, options, operator, Clock.SYSTEM, integrations, team)
        new Session(session, listeners)
    }

    /** Compiles, runs to the end and closes the journal. */
    Finished run(String text, Map<String, String> params = [:]) {
        open(text, params).runToEnd()
    }

    /** True when no run folder was created: nothing was journaled, so nothing ran. */
    boolean nothingJournaled() {
        !Files.exists(runsRoot) || Files.list(runsRoot).withCloseable { it.count() } == 0
    }

    /** An open run: the session, the events its listeners saw and what its console printed so far. */
    static class Session {
        final RunSession session
        final List<Event> seen = Collections.synchronizedList(new ArrayList<Event>())
        private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream()

        Session(RunSession session, List<EventListener> extra) {
            this.session = session
            session.listen(new ConsoleRenderer(new PrintStream(consoleBytes, true, 'UTF-8'), new Style(false)))
            session.listen({ Event e -> seen.add(e) } as EventListener)
            extra.each { session.listen(it) }
        }

        Finished runToEnd() {
            try {
                def result = session.runToEnd()
                synchronized (seen) { return new Finished(result, seen, console()) }
            } finally {
                session.close()
            }
        }

        String console() {
            synchronized (consoleBytes) { consoleBytes.toString(StandardCharsets.UTF_8) }
        }
    }

    /** A finished run as the operator can inspect it. */
    static class Finished {
        final RunResult result
        /** Events in the order listeners received them. */
        final List<Event> seen
        /** What the operator saw on the terminal (no colour). */
        final String console

        Finished(RunResult result, List<Event> seen, String console) {
            this.result = result
            this.seen = List.copyOf(seen)
            this.console = console
        }

        private List<Event> journalRead

        /** The journal as read back from disk (once: the run is over). */
        List<Event> getJournal() {
            if (journalRead == null) journalRead = JournalReader.read(result.runDir())
            journalRead
        }

        /** The journal file's raw text. */
        String getJournalText() { Files.readString(result.runDir().resolve(FileJournal.FILE_NAME)) }

        List<Event> events(String type) { journal.findAll { it.type() == type } }

        Event event(String type) {
            def all = events(type)
            assert all.size() == 1, "expected one $type event, found ${all.size()}"
            all[0]
        }

        List<String> types() { journal*.type() }

        /** The step.output lines of one step, in order. */
        List<String> output(String step) {
            events('step.output').findAll { it.str('step') == step }*.str('line')
        }

        /** What {@code log} wrote in one step. */
        List<String> logs(String step) {
            events('step.log').findAll { it.str('step') == step }*.str('text')
        }

        StepResult step(String name) { result.steps()[name] }

        /** Spock shows this when a condition on the run fails: what the operator saw says what went on. */
        @Override
        String toString() { "run ${result.outcome()}, console:\n${console.length() > 4000 ? '...' + console[-4000..-1] : console}" }
    }
}
