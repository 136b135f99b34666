package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class RedactionSpec extends Specification {
    static final String SECRET = 'Tr0ub4dor&3 x/y@z'
    static final String SECRET_URL_ENCODED = URLEncoder.encode(SECRET, 'UTF-8')

    @TempDir Path tmp
    RunbookRunner runner
    RunbookRunner.Finished run

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
        runner.environment = [API_TOKEN: SECRET]
        run = runner.run('''
            runbook('leaky') {
                secret 'API_TOKEN'
                step('Call') { sh "echo 'calling with ${secrets.API_TOKEN}'" }
                step('Log') { log "token is ${secrets.API_TOKEN}" }
                step('Encode') { sh "echo 'url form ${java.net.URLEncoder.encode(secrets.API_TOKEN, 'UTF-8')}'" }
                step('Reject', continueOnFailure: true) { fail "token ${secrets.API_TOKEN} was rejected" }
                step('Fail') { sh "echo 'denied for ${secrets.API_TOKEN}' >&2; exit 1" }
                onFailure { failure -> log "handler saw: ${failure.message}" }
            }
        ''')
    }

    def "the run used the secret's real value"() {
        expect: 'the test secret really contains characters that URL encoding changes'
        SECRET_URL_ENCODED != SECRET
        run.result.outcome() == Outcome.FAILED
        run.step('Call').stdout == "calling with $SECRET\n".toString()
    }

    def "a secret in a command, its output, a log line and an error message is shown as ****"() {
        expect: 'the command line names the variable the command reads the secret from (ShellQuotingSpec)'
        run.events('command.started')*.str('command')[0] == "echo 'calling with '\"\${RUNBOOK_SECRET_API_TOKEN}\"''"
        run.output('Call') == ['calling with ****']
        run.logs('Log') == ['token is ****']
        run.events('command.started')*.str('command')[1] == "echo 'url form '\"\${RUNBOOK_SECRET_API_TOKEN_URL}\"''"
        run.output('Encode') == ['url form ****']
        run.events('step.finished').find { it.str('step') == 'Reject' }.str('error') == 'token **** was rejected'
        run.result.failure().message == "command exited 1: echo 'denied for '\"\${RUNBOOK_SECRET_API_TOKEN}\"'' >&2; exit 1\n│ denied for ****"
        run.logs('onFailure') == ["handler saw: ${run.result.failure().message}".toString()]
        run.event('run.finished').str('error') == run.result.failure().message
    }

    def "the secret never reaches the console in clear, in plain or URL-encoded form"() {
        expect:
        run.console.contains('calling with ****')
        run.console.contains('token is ****')
        run.console.contains('token **** was rejected')
        !run.console.contains(SECRET)
        !run.console.contains(SECRET_URL_ENCODED)
        !run.console.contains('Tr0ub4dor')
    }

    def "the secret never reaches the journal file in clear, in plain or URL-encoded form"() {
        given:
        def raw = run.journalText

        expect:
        raw.contains('calling with ****')
        raw.contains('url form ****')
        !raw.contains(SECRET)
        !raw.contains(SECRET_URL_ENCODED)
        !raw.contains('Tr0ub4dor')
    }
}
