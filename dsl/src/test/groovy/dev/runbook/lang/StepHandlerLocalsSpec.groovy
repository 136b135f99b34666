package dev.runbook.lang

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * Issue 19, defect 8: a step's own onFailure is lifted out of the step body, and still sees the body's local
 * variables (those the body set before it failed); one it cannot see is refused by the compiler at file:line:col.
 */
class StepHandlerLocalsSpec extends Specification {
    @TempDir Path tmp

    def "a step's onFailure reads the locals the body set before failing, in a real run"() {
        given:
        def text = '''
            runbook('locals') {
                step('Restore') {
                    def info = 'backup 42'
                    String file = "/tmp/${info}.sql"
                    def never = null
                    sh 'exit 3'
                    never = 'set after the failure'
                    onFailure { failure -> log "rolled back ${info} from ${file}; never=${never}; ${failure.message}" }
                }
            }
        '''

        when:
        def run = new RunbookRunner(tmp.resolve('runs')).run(text)

        then:
        run.events('handler.finished')*.str('status') == ['ok']
        run.logs('step onFailure of Restore') == ['rolled back backup 42 from /tmp/backup 42.sql; never=null; command exited 3: exit 3']
    }

    def "the locals of two steps in one parallel block stay apart"() {
        when:
        def run = new RunbookRunner(tmp.resolve('runs')).run('''
            runbook('two') {
                parallel {
                    step('A') {
                        def host = 'a.internal'
                        sh 'exit 4'
                        onFailure { log "A failed on ${host}" }
                    }
                    step('B') {
                        def host = 'b.internal'
                        sh 'exit 5'
                        onFailure { log "B failed on ${host}" }
                    }
                }
            }
        ''')

        then:
        run.logs('step onFailure of A') == ['A failed on a.internal']
        run.logs('step onFailure of B') == ['B failed on b.internal']
    }

    def "a local the body declares inside a block is refused at the handler's use of it, saying what to write"() {
        when:
        new RunbookCompiler().compile('''runbook('bad') {
    step('Restore') {
        if (true) {
            def info = 'backup 42'
        }
        sh 'exit 3'
        onFailure { log "rolled back ${info}" }
    }
}
''', 'bad.groovy')

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["bad.groovy:7:40: onFailure of step 'Restore' reads 'info', which the step body declares inside a block "
                                             + "(line 4): the handler cannot see it — declare it at the top of the step body (def info = null) and set it inside the block"]
    }
}
