package dev.runbook.repl

import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, item 6: the REPL notices an edited file, and reload takes it in without losing the run. */
class ReplReloadSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    Path runbook

    def setup() {
        runbook = dir.resolve('deploy.groovy')
        write('false', "param 'region', default: 'eu'", '')
        repl = new ReplHarness(dir)
    }

    void write(String twoCommand, String region, String extraStep) {
        Files.writeString(runbook, """\
            runbook('deploy') {
                param 'env', required: true
                ${region}
                step('One') { sh "echo one-\${params.env}" }
                step('Two') { sh '${twoCommand}' }
                ${extraStep}
                step('Three') { log "three for \${params.env} after \${steps['One'].stdout.trim()}" }
            }
            """.stripIndent())
    }

    def "an edited file shows in the prompt; reload goes on with the run, its finished steps and the params still declared"() {
        when:
        repl.start().type("load ${runbook} -p env=staging -p region=us", 'break Three', 'next', 'next')

        then:
        repl.waitFor('deploy [2/3 Two] failed >')

        when: 'the operator fixes Two in an editor, drops region and adds a step'
        write('true', '', "step('Tell') { log 'told' }")
        repl.type('status')

        then:
        repl.waitFor('deploy [2/3 Two] failed (file changed: reload) >')

        when:
        repl.type('reload', 'retry', 'run')

        then:
        repl.waitFor('deploy [4/4 Three] break >')
        repl.shown.contains("Reloaded ${runbook}:")
        repl.shown.contains('added:   Tell')
        repl.shown.contains('changed: Two')
        repl.shown.contains("param 'region' is not declared any more: its value is dropped")
        repl.shown.contains('the run goes on: 1 step(s) done earlier are not run again; the params are kept.')
        repl.shown.contains('told')

        when:
        repl.type('next')

        then:
        repl.waitFor('deploy [done: succeeded] >')
        repl.shown.contains('three for staging after one-staging') // One's output kept, One not run again
        def events = repl.events()
        events.count { it.type == 'run.started' } == 1              // one run, one journal
        events.count { it.type == 'step.started' && it.data.step == 'One' } == 1
        events.find { it.type == 'run.resumed' }.data.decision == 'reloaded at the REPL'
        events.find { it.type == 'repl.command' && it.data.command == 'reload' } != null
        repl.end() == 0
    }

    def "reload of an unchanged file, or of one that does not compile, changes nothing"() {
        when:
        repl.start().type("load ${runbook} -p env=staging", 'next', 'reload')

        then:
        repl.waitFor("${runbook} has not changed since it was loaded; nothing to reload.")

        when:
        Files.writeString(runbook, "runbook('deploy') { step('One') { sh 'echo' } ")
        repl.type('reload', 'params')

        then:
        repl.waitFor('Nothing changed: the run goes on with the runbook as it was loaded. Fix the file, then reload.')
        repl.waitFor('env = staging')
        repl.shown.contains('deploy [2/3 Two] (file changed: reload) >')
    }
}
