package dev.runbook.journal

import dev.runbook.engine.EventListener
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.time.Instant

class JournalSpec extends Specification {
    static final String TEXT = '''
        runbook('journaled') {
            title 'Restart the API'
            param 'version', default: 'v1.0.0'
            secret 'DB_PASSWORD'
            step('Capture') { sh 'echo captured' }
            step('Skip me', when: { false }) { sh 'echo skipped' }
            step('Restart', retry: 1) { sh 'echo restarted' }
        }
    '''

    /** An independent reader of the file, so the spec does not trust the journal's own mapper. */
    static final ObjectMapper JSON = new ObjectMapper()

    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
        runner.environment = [DB_PASSWORD: 'pg-secret-123']
    }

    def "the journal is one JSON object per line, each with seq, ts and type, in order"() {
        when:
        def run = runner.run(TEXT)
        def lines = Files.readAllLines(run.result.runDir().resolve(FileJournal.FILE_NAME))
        def objects = lines.collect { JSON.readValue(it, Map) }

        then:
        lines.size() > 5
        objects.every { it instanceof Map && it.seq instanceof Number && it.ts instanceof String && it.type instanceof String }
        objects*.seq == (1..lines.size()).toList()
        objects.collect { Instant.parse(it.ts) }.with { ts -> ts == ts.toSorted() }
        objects.first().type == 'run.started'
        objects.last().type == 'run.finished'
    }

    def "run.started says what ran, with which params, by whom and where"() {
        when:
        def run = runner.run(TEXT, [version: 'v2.0.0'])
        def started = run.event('run.started')

        then:
        started.str('run') == run.result.runId()
        started.str('runbook') == 'journaled'
        started.str('title') == 'Restart the API'
        started.get('params') == [version: 'v2.0.0']
        started.get('secrets') == ['DB_PASSWORD']
        started.str('operator') == 'alice'
        started.str('host') != null && !started.str('host').isBlank()
        started.str('file') == 'x.groovy'
        started.str('contentHash') == MessageDigest.getInstance('SHA-256').digest(TEXT.getBytes('UTF-8')).encodeHex().toString()
        started.get('nodes') == ['Capture', 'Skip me', 'Restart']
        started.get('dryRun') == false
    }

    def "params that contain a secret value are journaled redacted"() {
        when:
        def run = runner.run(TEXT, [version: 'pg-secret-123'])

        then:
        run.event('run.started').get('params') == [version: '****']
        !run.journalText.contains('pg-secret-123')
    }

    def "every step that starts also finishes, and run.finished tells how the run ended"() {
        when:
        def run = runner.run(TEXT)

        then:
        run.types().findAll { it.startsWith('step.') || it.startsWith('run.') } == [
                'run.started',
                'step.started', 'step.output', 'step.finished',
                'step.skipped',
                'step.started', 'step.output', 'step.finished',
                'run.finished']
        run.events('step.started')*.str('step') == run.events('step.finished')*.str('step')
        run.events('step.finished')*.str('status') == ['ok', 'ok']
        with(run.event('run.finished')) {
            str('outcome') == 'succeeded'
            get('counts') == [ok: 2, skipped: 1]
            num('durationMs') >= 0
        }
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "a failed run journals each attempt and ends with the failed step and its error"() {
        when:
        def run = runner.run('''
            runbook('fails') {
                step('Break', retry: 1) { sh 'exit 2' }
            }
        ''')

        then:
        run.types() == ['run.started',
                        'step.started', 'command.started', 'command.finished', 'step.attempt.failed',
                        'step.started', 'command.started', 'command.finished', 'step.attempt.failed',
                        'step.finished', 'run.finished']
        with(run.event('run.finished')) {
            str('outcome') == 'failed'
            str('failedStep') == 'Break'
            str('error') == 'command exited 2: exit 2'
        }
    }

    def "the journal read back holds the same events the listeners saw"() {
        when:
        def run = runner.run(TEXT)

        then:
        run.journal.collect { [it.seq(), it.type(), it.data()] } == run.seen.collect { [it.seq(), it.type(), it.data()] }
    }

    def "a transition is on disk before anyone is told about it, so before the next action begins"() {
        given: 'a listener that, on each transition, looks for that event in the journal file on disk'
        Path runsRoot = tmp.resolve('runs')
        List<String> missing = []
        List<String> checked = []
        runner.listeners << ({ Event e ->
            if (e.type() in ['run.started', 'step.started', 'command.started', 'command.finished', 'step.finished', 'step.skipped']) {
                Path file = Files.list(runsRoot).withCloseable { it.findFirst().get() }.resolve(FileJournal.FILE_NAME)
                def onDisk = Files.readAllLines(file).collect { JSON.readValue(it, Map) }
                checked << e.type()
                if (!onDisk.any { it.seq == e.seq() && it.type == e.type() }) missing << "${e.seq()} ${e.type()}".toString()
            }
        } as EventListener)

        when:
        def run = runner.run(TEXT)

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        checked.count('step.started') == 2
        checked.contains('step.skipped')
        missing == []
    }
}
