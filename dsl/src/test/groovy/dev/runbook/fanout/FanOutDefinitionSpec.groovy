package dev.runbook.fanout

import dev.runbook.compile.CompilesRunbooks
import dev.runbook.model.ForEach
import dev.runbook.model.Parallel
import spock.lang.Specification

import java.time.Duration

/** How parallel and forEach are written, and what the author is told when they are written wrong. */
class FanOutDefinitionSpec extends Specification implements CompilesRunbooks {

    def "parallel records its steps with their options as one node, named after them unless named"() {
        when:
        def rb = compile('''
            runbook('x') {
                parallel {
                    step('a', timeout: 5.seconds) { sh 'true' }
                    step('b', retry: 2) { sh 'true' }
                }
                parallel('Both regions') { step('c') { sh 'true' } }
            }
        ''')

        then:
        rb.nodes()*.kind() == ['parallel', 'parallel']
        rb.nodes()*.name() == ['parallel: a + b', 'Both regions']
        with((Parallel) rb.nodes()[0]) {
            steps()*.name() == ['a', 'b']
            steps()[0].options().timeout() == Duration.ofSeconds(5)
            steps()[1].options().retry() == 2
        }
    }

    def "forEach records its targets and options; a block for targets is kept for run time"() {
        when:
        def rb = compile('''
            def hosts = ['web1', 'web2']
            runbook('x') {
                forEach(hosts, concurrency: 5, maxErrors: 1, timeout: 30.seconds) { h -> sh "ssh $h uptime" }
                forEach({ params.hosts.split(',') }, name: 'From params', maxErrors: 10.percent) { h -> sh "ping -c1 $h" }
            }
        ''')
        def (ForEach listed, ForEach computed) = rb.nodes()

        then:
        listed.name() == 'forEach [web1, web2]'
        listed.targets() == ['web1', 'web2']
        listed.options().concurrency() == 5
        listed.options().allowedErrors(100) == 1
        listed.options().timeout() == Duration.ofSeconds(30)
        listed.body().commands() == ['sh "ssh $h uptime"']
        computed.name() == 'From params'
        computed.targets() == null
        computed.targetsBlock() != null
        computed.options().allowedErrors(50) == 5
        computed.options().concurrency() == 10
    }

    def "#what is reported at its position with what to write instead"() {
        expect:
        problemsOf("runbook('x') {\n    $line\n}") == [problem]

        where:
        what                            | line                                                                  || problem
        'concurrency: 0'                | "forEach(['a'], concurrency: 0) { t -> }"                             || "rb.groovy:2:5: concurrency: of forEach must be a whole number from 1 to 10000, not '0' — write concurrency: 10 to run ten targets at once"
        'a misspelt option'             | "forEach(['a'], concurency: 5) { t -> }"                              || "rb.groovy:2:5: unknown option 'concurency:' for forEach — did you mean 'concurrency'?"
        'maxErrors as text'             | "forEach(['a'], maxErrors: 'few') { t -> }"                           || "rb.groovy:2:5: maxErrors: of forEach must be a number of failed targets or a percentage, not 'few' — write maxErrors: 5 (launching stops at the 6th failure) or maxErrors: 10.percent"
        'a timeout without unit'        | "forEach(['a'], timeout: 30) { t -> }"                                || "rb.groovy:2:5: timeout: of forEach must be a positive duration per target, not '30' — write timeout: 30.seconds"
        'targets that are no list'      | "forEach(42) { t -> }"                                                || "rb.groovy:2:5: the targets of forEach must be a list, or a block that returns one, not '42' — write forEach(['web1', 'web2']) { host -> ... } or forEach({ params.hosts.split(',') }) { host -> ... }"
        'a block with two parameters'   | "forEach(['a']) { a, b -> }"                                          || "rb.groovy:2:5: the block of forEach takes one parameter, the target — write forEach(hosts) { host -> ... }"
        'a gate inside parallel'        | "parallel { step('a') { sh 'true' }; gate('g') { true } }"            || "rb.groovy:2:41: 'gate' cannot go inside parallel { }: only steps run at once — put it before or after the parallel block"
        'an empty parallel'             | "parallel { }"                                                        || "rb.groovy:2:5: parallel { } holds no step — write parallel { step('a') { ... }; step('b') { ... } }"
        'sh directly inside parallel'   | "parallel { sh 'true' }"                                              || "rb.groovy:2:16: 'sh' acts on the world and belongs inside a step — write parallel { step('What this does') { sh ... } }"
    }

    def "a step name inside parallel must differ from every other step's"() {
        expect:
        problemsOf('''
            runbook('x') {
                step('a') { sh 'true' }
                parallel { step('a') { sh 'true' }; step('b') { sh 'true' } }
            }
        ''')*.replaceAll(/ — .*/, '') == ["rb.groovy:4:16: step name 'a' is used twice (first at line 3)"]
    }

    def "params read while forEach is defined are reported: targets from params go in a block"() {
        expect:
        problemsOf('''
            runbook('x') {
                param 'hosts'
                forEach(params.hosts.split(',')) { h -> sh "ssh $h" }
            }
        ''')*.replaceAll(/ — .*/, '') == ["rb.groovy:4:13: 'params' is only available while a step runs, not while the runbook is defined"]
    }
}
