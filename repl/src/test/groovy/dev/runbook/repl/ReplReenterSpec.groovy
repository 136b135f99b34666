package dev.runbook.repl

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, item 5: runbook repl --run RUN goes back into a run that failed, was stopped or crashed. */
class ReplReenterSpec extends Specification {
    @TempDir
    Path dir

    Path runbook
    Path fixed

    def setup() {
        fixed = dir.resolve('fixed')
        runbook = dir.resolve('deploy.groovy')
        Files.writeString(runbook, """\
            runbook('deploy') {
                param 'env', required: true
                step('One') { sh "echo one-\${params.env}" }
                step('Two') { sh 'test -f ${fixed}' }
                step('Three') { log "three for \${params.env}, after \${steps['One'].stdout.trim()}" }
            }
            """.stripIndent())
    }

    /** A run in which One ran ok and Two failed, left (aborted) at the prompt; its id. */
    String failedRun() {
        def first = new ReplHarness(dir)
        first.start().type("load ${runbook} -p env=staging", 'next', 'set env prod', 'next')
        assert first.waitFor('deploy [2/3 Two] failed >')
        first.type('exit', 'y')
        assert first.end() == 3 // left in progress: aborted
        first.close()
        runId()
    }

    String runId() {
        Files.list(dir.resolve('runs')).withCloseable { it.toList() }.find { Files.exists(it.resolve('journal.jsonl')) }.fileName.toString()
    }

    def "a failed run is re-entered with its params and finished steps, at the step that failed"() {
        given:
        String id = failedRun()
        Files.writeString(fixed, 'the cause is fixed')
        def again = new ReplHarness(dir)

        when:
        int refused = again.repl.reenter(id.substring(0, 12))
        again.start().type('params', 'retry', 'next')

        then:
        refused == 0
        again.waitFor('deploy [done: succeeded] >')
        again.shown.contains("Re-entered run ${id} (deploy, started")
        again.shown.contains("1 of 3 done earlier, not run again; next: 'Two'")
        again.shown =~ /env\s+= prod/                          // the value set at the first prompt, not the -p one
        again.shown.contains('three for prod, after one-staging') // One's output restored, not run again
        def events = again.events()
        events.count { it.type == 'step.started' && it.data.step == 'One' } == 1
        events.find { it.type == 'run.resumed' }.data.decision == 're-entered at the REPL'
        events.last().type == 'run.finished' && events.last().data.outcome == 'succeeded'
        again.end() == 0

        cleanup:
        again?.close()
    }

    def "a crashed run says which step's outcome is unknown, and next runs it again"() {
        given: 'a journal that ends while Two ran'
        String id = failedRun()
        Path journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        def lines = Files.readAllLines(journal)
        int cut = lines.findIndexOf { it.contains('"step.started"') && it.contains('"Two"') }
        Files.write(journal, lines.subList(0, cut + 1))
        Files.writeString(fixed, 'fixed')
        def again = new ReplHarness(dir)

        when:
        int refused = again.repl.reenter(id)
        again.start().type('next')

        then:
        refused == 0
        again.waitFor('deploy [3/3 Three] >')
        again.shown.contains('? Two was running when the run stopped: its outcome is unknown.')
        again.events().count { it.type == 'step.started' && it.data.step == 'Two' } == 2

        cleanup:
        again?.close()
    }

    def "a run that succeeded, or whose process still runs, is refused with what to do instead"() {
        given:
        String id = failedRun()
        Path journal = dir.resolve('runs').resolve(id).resolve('journal.jsonl')
        def lines = Files.readAllLines(journal)
        def sleeper = new ProcessBuilder('sleep', '120').start()
        // the run as another process left it while still running: started by the sleeper, not finished
        Files.write(journal, dev.runbook.cli.CrashedRuns.rechain(lines.findAll { !it.contains('"run.finished"') }
                .collect { it.contains('"run.started"') ? it.replaceFirst(/"pid":\d+/, "\"pid\":${sleeper.pid()}") : it }))
        def live = new ReplHarness(dir)

        expect:
        live.repl.reenter(id) == 2
        live.shown.contains("✗ run ${id} is still running (pid ${sleeper.pid()}): stop it first, or wait for it")

        when:
        Files.write(journal, dev.runbook.cli.CrashedRuns.rechain(lines.collect { it.contains('"run.finished"') ? it.replace('"aborted"', '"succeeded"') : it }))
        def done = new ReplHarness(dir)

        then:
        done.repl.reenter(id) == 2
        done.shown.contains("✗ run ${id} already succeeded: there is nothing to go on with.")
        done.repl.reenter('nosuchrun') == 2
        done.shown.contains('✗ no run nosuchrun in')

        cleanup:
        sleeper?.destroy()
        live?.terminal?.close()
        done?.terminal?.close()
    }
}
