package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import dev.runbook.model.Action
import spock.lang.Specification

class StepHandlerSpec extends Specification implements CompilesRunbooks {

    def "a step's own onFailure written in its body becomes the step's handler"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('Roll back image', retry: 1) {
                    sh "docker compose up -d"
                    onFailure { sh 'docker compose restart api' }
                }
            }
            ''').steps()[0]

        then:
        step.onFailure() != null
        step.onFailure().commands() == ["sh 'docker compose restart api'"]
        step.onFailure().pos().toString() == 'rb.groovy:4:19'
        step.body().commands() == ['sh "docker compose up -d"']
    }

    def "running the step body no longer runs the handler; running the handler does"() {
        given:
        def step = compile('''\
            runbook('x') {
                step('Roll back image') {
                    sh 'first'
                    onFailure { sh 'restart' }
                    sh 'second'
                }
            }
            ''').steps()[0]

        expect:
        run(step.body()) == ['sh first', 'sh second']
        run(step.onFailure()) == ['sh restart']
    }

    def "a step without a handler in its body has none"() {
        expect:
        compile("runbook('x') { step('a') { sh 'true' } }").steps()[0].onFailure() == null
    }

    def "a step with options and a handler keeps both"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('a', timeout: 30.seconds) {
                    sh 'true'
                    onFailure { sh 'cleanup' }
                }
            }
            ''').steps()[0]

        then:
        step.options().timeout().seconds == 30
        step.onFailure().commands() == ["sh 'cleanup'"]
    }

    /** Runs a recorded block against a stand-in step scope and returns what it called, in order. */
    private static List<String> run(Action action) {
        def calls = []
        def scope = new Object() {
            def sh(String command) { calls << "sh $command".toString() }
            def onFailure(Closure handler) { calls << 'onFailure' }
        }
        Closure c = action.closure().clone()
        c.delegate = scope
        c.resolveStrategy = Closure.DELEGATE_FIRST
        c.call()
        calls
    }
}
