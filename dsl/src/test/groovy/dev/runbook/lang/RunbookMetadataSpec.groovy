package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import dev.runbook.model.Severity
import spock.lang.Specification

class RunbookMetadataSpec extends Specification implements CompilesRunbooks {

    def "name, title, description, tags, owner and severity are recorded in the definition"() {
        when:
        def rb = compile('''\
            runbook('stateflow-app-rollback') {
                title       'Roll StateFlow API back to the last known good image'
                description 'Use when a new image breaks sign-in'
                tags        'docker', 'stateflow'
                owner       'platform-team'
                severity    P1
                step('First') { sh 'true' }
            }
            ''')

        then:
        rb.name() == 'stateflow-app-rollback'
        rb.title() == 'Roll StateFlow API back to the last known good image'
        rb.description() == 'Use when a new image breaks sign-in'
        rb.tags() == ['docker', 'stateflow']
        rb.owner() == 'platform-team'
        rb.severity() == Severity.P1
        rb.source() == 'rb.groovy'
    }

    def "tags may also be given as a list"() {
        expect:
        compile('''\
            runbook('x') {
                tags(['db', 'backup'])
                step('a') { sh 'true' }
            }
            ''').tags() == ['db', 'backup']
    }

    def "each severity #level is accepted"() {
        expect:
        compile("runbook('x') {\n    severity $level\n    step('a') { sh 'true' }\n}").severity() == Severity.valueOf(level)

        where:
        level << ['P0', 'P1', 'P2', 'P3']
    }

    def "a runbook without metadata gets empty text, no tags and severity P2"() {
        when:
        def rb = compile("runbook('bare') { step('a') { sh 'true' } }")

        then:
        rb.title() == ''
        rb.description() == ''
        rb.owner() == ''
        rb.tags().isEmpty()
        rb.severity() == Severity.P2
    }

    def "the definition is immutable"() {
        given:
        def rb = compile("runbook('x') {\n    tags 'a'\n    step('a') { sh 'true' }\n}")

        when:
        rb.tags().add('b')

        then:
        thrown(UnsupportedOperationException)

        when:
        rb.nodes().clear()

        then:
        thrown(UnsupportedOperationException)
    }

    def "two files with different text get different content hashes, the same text the same hash"() {
        given:
        def a = "runbook('x') { step('a') { sh 'true' } }"
        def b = "runbook('x') { step('a') { sh 'false' } }"

        expect:
        compile(a).contentHash() == compile(a).contentHash()
        compile(a).contentHash() != compile(b).contentHash()
        compile(a).contentHash() ==~ /[0-9a-f]{64}/
    }
}
