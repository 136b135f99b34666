package dev.runbook.repl

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Issue 21, item 4: opening the REPL starts no run; the first action does (its locks, its journal). */
class ReplLazyRunSpec extends Specification {
    @TempDir
    Path dir

    Path runbook

    def setup() {
        runbook = dir.resolve('locked.groovy')
        Files.writeString(runbook, '''\
            runbook('locked') {
                param 'env', default: 'prod'
                lock "deploys:${params.env}"
                step('One') { log 'one ran' }
                step('Two') { log 'two ran' }
            }
            '''.stripIndent())
    }

    def "looking and leaving journals no run and takes no lock"() {
        given:
        def repl = new ReplHarness(dir)

        when:
        repl.start().type("load ${runbook}", 'plan', 'status', 'params', 'set env staging', 'exit')
        int code = repl.end()

        then:
        code == 0
        repl.shown.contains('env = staging  (was prod)')
        !Files.exists(repl.runs) || Files.list(repl.runs).withCloseable { it.toList() }.isEmpty()

        cleanup:
        repl.close()
    }

    def "a REPL that only loaded holds no lock: a run elsewhere takes it, and this one's first step is then refused"() {
        given:
        def looking = new ReplHarness(dir)
        def acting = new ReplHarness(dir)

        when:
        looking.start().type("load ${runbook}", 'status')
        looking.waitFor('locked [1/2 One] >', 2)
        acting.start().type("load ${runbook}", 'next')

        then: 'the second REPL takes the lock at its first step'
        acting.waitFor('one ran')
        acting.events().any { it.type == 'lock.acquired' }

        when:
        looking.type('next')

        then:
        looking.waitFor("lock 'deploys:prod' is held by run")
        !looking.shown.contains('one ran')

        cleanup:
        acting.close()
        looking.close()
    }
}
