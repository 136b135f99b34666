package dev.runbook.lang

import dev.runbook.compile.CompilesRunbooks
import spock.lang.Specification

class ParamAndSecretSpec extends Specification implements CompilesRunbooks {

    def "params keep their options, position and declaration order"() {
        when:
        def rb = compile('''\
            runbook('x') {
                param 'version',   required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/, description: 'last good version'
                param 'healthUrl', default: 'http://127.0.0.1:4000/api/health'
                param 'color',     choices: ['blue', 'green'], default: 'blue'
                param 'note'
                step('a') { sh 'true' }
            }
            ''')

        then:
        rb.params()*.name() == ['version', 'healthUrl', 'color', 'note']

        with(rb.param('version').get()) {
            required()
            defaultValue() == null
            pattern().pattern() == /v\d+\.\d+\.\d+/
            description() == 'last good version'
            choices().isEmpty()
            pos().toString() == 'rb.groovy:2:5'
        }
        with(rb.param('healthUrl').get()) {
            !required()
            defaultValue() == 'http://127.0.0.1:4000/api/health'
            pattern() == null
        }
        with(rb.param('color').get()) {
            choices() == ['blue', 'green']
            defaultValue() == 'blue'
        }
        with(rb.param('note').get()) {
            !required()
            defaultValue() == null
            description() == ''
        }
    }

    def "a pattern may be written as a string"() {
        expect:
        compile('''\
            runbook('x') {
                param 'tag', pattern: 'v[0-9]+'
                step('a') { sh 'true' }
            }
            ''').param('tag').get().pattern().matcher('v12').matches()
    }

    def "secrets are required unless marked required: false"() {
        when:
        def rb = compile('''\
            runbook('x') {
                secret 'SLACK_WEBHOOK'
                secret 'PAGER_KEY', required: false
                step('a') { sh 'true' }
            }
            ''')

        then:
        rb.secrets()*.name() == ['SLACK_WEBHOOK', 'PAGER_KEY']
        rb.secrets()*.required() == [true, false]
        rb.secrets()[1].pos().toString() == 'rb.groovy:3:5'
    }
}
