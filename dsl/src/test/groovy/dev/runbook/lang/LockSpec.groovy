package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import spock.lang.Specification

/** {@code lock "db:${params.db}"}: recorded as a template, resolved when the run starts. */
class LockSpec extends Specification implements CompilesRunbooks {

    def "a lock whose key uses a param is kept as a template and filled in with the run's params"() {
        when:
        def rb = compile('''\
            runbook('x') {
                param 'db', required: true
                lock "db:${params.db}"
                lock 'deploys'
                step('a') { sh 'true' }
            }
            ''')

        then:
        rb.locks()*.template() == ['db:${params.db}', 'deploys']
        rb.locks()[0].params() == ['db']
        rb.locks()[0].pos().toString() == 'rb.groovy:3:5'
        rb.locks()[0].resolve([db: 'orders']) == 'db:orders'
        rb.locks()[1].resolve([db: 'orders']) == 'deploys'
    }

    def "a key may combine several params and script variables"() {
        when:
        def rb = compile('''\
            def region = 'eu'
            runbook('x') {
                param 'cluster'
                param 'db'
                lock "${region}/${params.cluster}/db:${params['db']}"
                step('a') { sh 'true' }
            }
            ''')

        then:
        rb.locks()[0].template() == 'eu/${params.cluster}/db:${params.db}'
        rb.locks()[0].params() == ['cluster', 'db']
        rb.locks()[0].resolve([cluster: 'c1', db: 'orders']) == 'eu/c1/db:orders'
    }

    def "a runbook without locks takes none"() {
        expect:
        compile('''\
            runbook('x') {
                step('a') { sh 'true' }
            }
            ''').locks().isEmpty()
    }

    def "a lock key that names an undeclared param is reported with a suggestion"() {
        expect:
        problemsOf('''\
            runbook('x') {
                param 'database'
                lock "db:${params.databse}"
                step('a') { sh 'true' }
            }
            ''') == ["rb.groovy:3:5: lock 'db:\${params.databse}' uses param 'databse', which is not declared — did you mean 'database'?"]
    }

    def "params read anywhere else while the runbook is defined is still an error"() {
        expect:
        problemsOf('''\
            runbook('x') {
                param 'db'
                title "Fail over ${params.db}"
                lock "db:${params.db}"
                step('a') { sh 'true' }
            }
            ''') == ["rb.groovy:3:24: 'params' is only available while a step runs, not while the runbook is defined — use it inside step(...) { }, a when: { } condition or a handler"]
    }

    def "an empty, repeated or non-text lock is reported with how to write it"() {
        expect:
        problemsOf('''\
            runbook('x') {
                lock ''
                lock 'deploys'
                lock 'deploys'
                lock 42
                step('a') { sh 'true' }
            }
            ''') == [
                "rb.groovy:2:5: lock needs a key that names the target — write lock \"db:\${params.db}\"",
                "rb.groovy:4:5: lock 'deploys' is declared twice — keep one declaration",
                "rb.groovy:5:5: lock needs a text key, not Integer — write lock \"db:\${params.db}\"",
        ]
    }
}
