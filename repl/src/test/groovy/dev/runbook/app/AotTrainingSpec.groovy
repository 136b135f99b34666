package dev.runbook.app

import spock.lang.Specification

class AotTrainingSpec extends Specification {

    def "the start-up cache's training run goes through check, exec (compiled and cached), plan, runs, help and the REPL without a failure"() {
        expect: 'a command that stops working would leave its classes out of the cache: the training names it'
        AotTraining.run() == []
    }

    def "the training leaves nothing behind in the temp folder"() {
        given:
        def tmp = new File(System.getProperty('java.io.tmpdir'))
        def before = tmp.list().findAll { it.startsWith('runbook-aot-training') } as Set

        when:
        AotTraining.run()

        then:
        (tmp.list().findAll { it.startsWith('runbook-aot-training') } as Set) == before
    }
}
