package dev.runbook.security

import dev.runbook.engine.Outcome
import dev.runbook.engine.RunbookRunner
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * A secret leaves a run only as ****: in the forms it commonly takes (URL-encoded, base64, another case, one line of
 * a multi-line key), when the environment carries it without the runbook declaring it, and when a step prints it
 * with println. The canary is checked in the console and in the journal as written to disk.
 */
class SecretsStaySecretSpec extends Specification {
    static final String API_KEY = 'canary-Api-Key-7f3a'
    static final String PG_PW = 'canary-pg-pw-91bc'
    static final String PEM = '''-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7canaryLineOne
canaryLineTwoQvM3o2b8d0x9k2Lq+Z5mF4eJ8s1Yk7N0Pq6xR4tW2vU3yZ1aB5c
-----END PRIVATE KEY-----'''

    @TempDir Path tmp
    RunbookRunner runner

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    private static List<String> leaks(String text) {
        [API_KEY, PG_PW, API_KEY.toUpperCase(), API_KEY.toLowerCase(), API_KEY.bytes.encodeBase64().toString(),
         URLEncoder.encode(PEM, 'UTF-8'), 'canaryLineOne', 'canaryLineTwo', PG_PW.bytes.encodeBase64().toString()]
                .findAll { text.contains(it) }
    }

    def "a declared secret is masked in its encodings and each line of a multi-line one"() {
        given:
        runner.environment = [API_KEY: API_KEY, PEM_KEY: PEM]

        when:
        def run = runner.run('''
            runbook('encodings') {
                secret 'API_KEY'
                secret 'PEM_KEY'
                step('Leak') {
                    sh 'printf "%s\\\\n" "$API_KEY" | base64'
                    sh 'printf "%s\\\\n" "$API_KEY" | tr a-z A-Z'
                    sh 'printf "%s\\\\n" "$API_KEY" | tr A-Z a-z'
                    sh 'printf "%s\\\\n" "$PEM_KEY"'
                    log java.net.URLEncoder.encode(secrets.PEM_KEY, 'UTF-8')
                }
            }
        ''')

        then:
        run.result.outcome() == Outcome.SUCCEEDED
        run.output('Leak').size() >= 7
        leaks(run.console) == []
        leaks(run.journalText) == []
    }

    def "credentials the environment carries are masked even when the runbook does not declare them"() {
        given:
        runner.environment = [PGPASSWORD: PG_PW, STRIPE_API_KEY: API_KEY, SHORT_TOKEN: 'abc', HOME: '/root']

        when:
        def run = runner.run('''
            runbook('undeclared') {
                step('Leak') { sh 'echo "pg=$PGPASSWORD stripe=$STRIPE_API_KEY short=$SHORT_TOKEN home=$HOME"' }
            }
        ''')

        then: 'the credentials are masked; a value too short to be one, and other variables, are not'
        run.output('Leak') == ['pg=**** stripe=**** short=abc home=/root']
        leaks(run.console) == []
        leaks(run.journalText) == []
    }

    def "println in a step is step output: masked, journaled, and not written to the JVM's stdout"() {
        given:
        runner.environment = [API_KEY: API_KEY]
        def captured = new ByteArrayOutputStream()
        def stdout = System.out
        System.out = new PrintStream(captured, true, 'UTF-8')

        when:
        def run
        try {
            run = runner.run('''
                runbook('printing') {
                    secret 'API_KEY'
                    step('Print') {
                        println "key is ${secrets.API_KEY}"
                        printf('%s and %d%n', 'two', 2)
                    }
                }
            ''')
        } finally {
            System.out = stdout
        }

        then:
        run.output('Print') == ['key is ****', 'two and 2']
        run.console.contains('key is ****')
        leaks(run.journalText) == []
        !captured.toString('UTF-8').contains('canary')
    }

    def "System.out and System.err written by a step are step output too: masked, journaled, not on the JVM's streams"() {
        given: 'before: System.err.println(secret) in a step wrote the secret to the terminal as it was'
        runner.environment = [API_KEY: API_KEY]
        def capturedOut = new ByteArrayOutputStream()
        def capturedErr = new ByteArrayOutputStream()
        def stdout = System.out
        def stderr = System.err
        System.out = new PrintStream(capturedOut, true, 'UTF-8')
        System.err = new PrintStream(capturedErr, true, 'UTF-8')

        when:
        def run
        try {
            run = runner.run('''
                runbook('streams') {
                    secret 'API_KEY'
                    step('Print') {
                        System.err.println("err key ${secrets.API_KEY}")
                        System.out.println("out key ${secrets.API_KEY.toLowerCase()}")
                        System.out.print('no newline at the end')
                    }
                    step('After') { log 'after' }
                }
            ''')
            System.err.println('the tool itself, outside any step')
        } finally {
            System.out = stdout
            System.err = stderr
        }

        then: 'each line belongs to the step, whole and masked; the tool writing outside steps still reaches its streams'
        run.result.outcome() == Outcome.SUCCEEDED
        run.output('Print') == ['err key ****', 'out key ****', 'no newline at the end']
        run.console.contains('err key ****')
        leaks(run.journalText) == []
        leaks(capturedOut.toString('UTF-8') + capturedErr.toString('UTF-8')) == []
        capturedErr.toString('UTF-8').contains('the tool itself, outside any step')
    }
}
