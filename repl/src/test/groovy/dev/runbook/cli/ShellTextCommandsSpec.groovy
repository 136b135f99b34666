package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * The escape hatch of the safe quoting is visible before anything runs: {@code check} warns where a param goes into
 * a command as shell text without a pattern to hold it, and {@code plan -p} shows each command as it will run, its
 * values quoted as the run quotes them (ShellQuotingSpec runs them).
 */
class ShellTextCommandsSpec extends Specification {
    @TempDir
    Path dir

    def "check warns where raw() takes a param that nothing constrains, and exits 0"() {
        given:
        def file = RunbookFiles.write(dir, 'raw.groovy', '''\
            runbook('raw') {
                param 'flags'
                param 'mode', choices: ['fast', 'safe']
                param 'check', pattern: ~/[a-z -]+/
                step('Go') {
                    sh "kubectl ${raw(params.flags)} get pods"
                    sh "run ${raw(params.mode)} ${raw(params['check'])}"
                    sh "echo ${params.flags}"
                }
            }
            ''')

        when:
        def run = CliRun.of('check', file)

        then:
        run.exitCode == 0
        run.out.contains("ok  ${file}  (raw, 1 step)")
        run.err.readLines() == ["${file}:6:27: warning: raw(params.flags) puts what a person types into the command as shell text, "
                + "and 'flags' has no pattern: or choices: — give it pattern: ~/[\\w .\\/-]+/ or choices: [...], or drop raw() "
                + "so the value is quoted as data"]
    }

    def "plan -p shows each command as it will run: values quoted, a secret as its variable, run-time values as written"() {
        given:
        def file = RunbookFiles.write(dir, 'deploy.groovy', '''\
            runbook('deploy') {
                param 'version', required: true
                param 'note', default: 'routine'
                secret 'TOKEN'
                step('Deploy') {
                    sh "deploy.sh ${params.version} --note ${params.note} --token ${secrets.TOKEN}"
                    sh "echo '${params.note}' ${steps['Deploy'].stdout}"
                    sh(['notify', params.version])
                    sh 'echo as written'
                }
            }
            ''')

        when:
        def run = CliRun.of('plan', file, '-p', "version=v1.2.3; rm -rf /")

        then:
        run.exitCode == 0
        run.out.contains('$ deploy.sh \'v1.2.3; rm -rf /\' --note routine --token "${RUNBOOK_SECRET_TOKEN}"')
        run.out.contains('$ echo \'routine\' ${steps[\'Deploy\'].stdout}')
        run.out.contains('$ notify \'v1.2.3; rm -rf /\'')
        run.out.contains('$ echo as written')

        when: 'without -p, the plan shows the commands as written'
        def plain = CliRun.of('plan', file)

        then:
        plain.out.contains('sh "deploy.sh ${params.version} --note ${params.note} --token ${secrets.TOKEN}"')
        !plain.out.contains('$ deploy.sh')
    }
}
