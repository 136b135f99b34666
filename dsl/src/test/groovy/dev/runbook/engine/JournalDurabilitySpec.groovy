package dev.runbook.engine

import dev.runbook.journal.Event
import dev.runbook.journal.FileRunStore
import dev.runbook.journal.Journal
import dev.runbook.journal.RunStore
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * What is on disk when a step acts on the world. Each event is written when it happens; an fsync makes what was
 * written durable. A step's start and a command's end share the fsync of the step's next transition, so a plain
 * `sh` step costs two fsyncs, and still nothing the world saw happen can be missing from the journal after a
 * power cut.
 */
class JournalDurabilitySpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner
    RecordingStore store

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
        store = new RecordingStore(files: new FileRunStore(tmp.resolve('runs')))
    }

    private RunbookRunner.Finished run(String text) {
        def runbook = new dev.runbook.compile.RunbookCompiler().compile(text, 'x.groovy')
        def options = RunOptions.defaults([:]).withRunsRoot(tmp.resolve('runs')).withStore(store).withOperatorName('alice')
        new RunbookRunner.Session(RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, runner.integrations), []).runToEnd()
    }

    def "a step that runs one command is fsynced once before the command starts and once when the step ends"() {
        when:
        def result = run("""
            runbook('two') {
                step('First') { sh 'true' }
                step('Second') { sh 'true' }
            }
        """)

        then:
        result.result.outcome() == Outcome.SUCCEEDED
        store.journal.log.findAll { it.startsWith('write') || it == 'fsync' }.dropWhile { it != 'write step.started' } == [
                'write step.started', 'write command.started', 'fsync',
                'write command.finished', 'write step.finished', 'fsync',
                'write step.started', 'write command.started', 'fsync',
                'write command.finished', 'write step.finished', 'fsync',
                'write run.finished', 'fsync']
    }

    def "an integration called in a step finds the step's start already on disk"() {
        given: 'an integration that looks at the journal when it is called'
        List<Boolean> allDurableWhenCalled = []
        runner.integrations.register(new IntegrationProvider() {
            String name() { 'probe' }
            Object create(IntegrationContext context) { [check: { -> allDurableWhenCalled << store.journal.allDurable() }] }
        })

        when:
        run("""
            runbook('probe') {
                step('Probe after a command') {
                    sh 'true'
                    probe.check()
                }
            }
        """)

        then: 'its step.started and the command.finished before it were fsynced before the call'
        allDurableWhenCalled == [true]
    }

    def "a failed command's end is on disk before the retry waits"() {
        when:
        run("""
            runbook('retry') {
                step('Flaky', retry: 1) { sh 'exit 3' }
            }
        """)

        then: 'the command.finished of the first attempt is made durable by the attempt.failed event'
        def log = List.copyOf(store.journal.log)
        def firstEnd = log.indexOf('write command.finished')
        log[firstEnd..firstEnd + 3] == ['write command.finished', 'write step.attempt.failed', 'fsync', 'write step.started']
    }

    /** The folder store, with each run's journal recorded. */
    static class RecordingStore implements RunStore {
        @Delegate FileRunStore files
        RecordingJournal journal

        @Override
        Journal create(String runId) {
            journal = new RecordingJournal(files.create(runId))
        }
    }

    /** Notes each write and each fsync that actually happened (a wait an earlier fsync covered is not one). */
    static class RecordingJournal implements Journal {
        final Journal target
        final List<String> log = Collections.synchronizedList([])
        long written
        long synced

        RecordingJournal(Journal target) { this.target = target }

        boolean allDurable() { synced >= written }

        @Override void append(Event event, boolean durable) {
            long mark = write(event)
            if (durable) awaitDurable(mark)
        }

        @Override synchronized long write(Event event) {
            log << ('write ' + event.type())
            written = target.write(event)
        }

        @Override synchronized void awaitDurable(long mark) {
            if (synced >= mark) return
            target.awaitDurable(mark)
            synced = written
            log << 'fsync'
        }

        @Override void awaitAllDurable() { awaitDurable(written) }

        @Override Path dir() { target.dir() }

        @Override void close() { target.close() }
    }
}
