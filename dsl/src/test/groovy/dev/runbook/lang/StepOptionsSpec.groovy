package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import spock.lang.Specification

import java.time.Duration

class StepOptionsSpec extends Specification implements CompilesRunbooks {

    def "a step keeps every option it is given"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('Roll back image', timeout: 10.minutes, expected: 5.minutes, retry: 2, backoff: 10.seconds,
                     idempotent: true, continueOnFailure: true, when: { params.color == 'green' }) {
                    sh 'docker compose up -d'
                }
            }
            ''').steps()[0]

        then:
        step.name() == 'Roll back image'
        step.pos().toString() == 'rb.groovy:2:5'
        with(step.options()) {
            timeout() == Duration.ofMinutes(10)
            expected() == Duration.ofMinutes(5)
            retry() == 2
            attempts() == 3
            backoff() == Duration.ofSeconds(10)
            idempotent()
            continueOnFailure()
            when() != null
        }
    }

    def "a step without options runs once, without timeout, condition or handler"() {
        when:
        def step = compile("runbook('x') { step('a') { sh 'true' } }").steps()[0]

        then:
        with(step.options()) {
            timeout() == null
            expected() == null
            retry() == 0
            attempts() == 1
            backoff() == Duration.ZERO
            when() == null
            !idempotent()
            !continueOnFailure()
        }
        step.onFailure() == null
    }

    def "the when: condition is kept as code, not evaluated while the runbook is defined"() {
        when:
        def step = compile('''\
            runbook('x') {
                step('Only on green', when: { params.color == 'green' }) { sh 'true' }
            }
            ''').steps()[0]
        def condition = step.options().when().closure().clone()
        condition.delegate = [params: [color: color]]
        condition.resolveStrategy = Closure.DELEGATE_FIRST

        then:
        condition.call() == expected

        where:
        color   | expected
        'green' | true
        'blue'  | false
    }

    def "the duration #written is #expected"() {
        expect:
        compile("runbook('x') {\n    step('a', timeout: $written) { sh 'true' }\n}").steps()[0].options().timeout() == expected

        where:
        written                   | expected
        '5.seconds'               | Duration.ofSeconds(5)
        '1.second'                | Duration.ofSeconds(1)
        '2.minutes'               | Duration.ofMinutes(2)
        '1.minute'                | Duration.ofMinutes(1)
        '1.hour'                  | Duration.ofHours(1)
        '2.hours'                 | Duration.ofHours(2)
        '1500.millis'             | Duration.ofMillis(1500)
        '1.5.seconds'             | Duration.ofMillis(1500)
        'Duration.ofSeconds(90)'  | Duration.ofSeconds(90)
        'java.time.Duration.ofMinutes(3)' | Duration.ofMinutes(3)
    }
}
