package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class PlanCommandSpec extends Specification {
    @TempDir
    Path dir

    def "plan shows steps, options, expected times, handlers and the commands as written, and runs none of them"() {
        given:
        def touched = dir.resolve('touched-by-the-step')
        def handled = dir.resolve('touched-by-a-handler')
        def file = RunbookFiles.write(dir, 'restart.groovy', """\
            runbook('restart-api') {
                title 'Restart the API'
                owner 'platform-team'
                param 'service', required: true, description: 'which service'
                step('Restart', expected: 30.seconds, timeout: 2.minutes, retry: 2, backoff: 5.seconds) {
                    sh "touch '${touched}' # \${params.service}"
                    onFailure { sh "touch '${handled}'" }
                }
                manual 'Check the dashboard'
                onFailure { sh "touch '${handled}'" }
                always { sh 'echo done' }
            }
            """)

        when:
        def run = CliRun.of('plan', file)

        then:
        run.exitCode == 0
        run.out.contains('Plan: restart-api — Restart the API')
        run.out =~ /(?m)^\s+service\s+required · which service$/
        run.out =~ /(?m)^\s+1\. Restart\s+expected 30s · timeout 2m · retry 2 every 5\.0s$/
        run.out.contains("""sh "touch '${touched}' # \${params.service}\"""")
        run.out =~ /(?m)^\s+on failure:$/
        run.out =~ /(?m)^\s+2\. manual\s+Check the dashboard/
        run.out.contains('if the run fails (onFailure)')
        run.out.contains('at the end, whatever happens (always)')
        run.out.contains("sh 'echo done'")
        run.out.contains("Nothing was run. Run it with: runbook exec ${file} -p service=...")

        and: 'nothing ran: neither the step nor a handler touched its file'
        !Files.exists(touched)
        !Files.exists(handled)
    }

    def "plan lists the locks a run will take, with their params unfilled"() {
        given:
        def file = RunbookFiles.write(dir, 'failover.groovy', '''\
            runbook('db-failover') {
                param 'db', required: true
                lock "db:${params.db}"
                step('Promote') { sh 'true' }
            }
            ''')

        when:
        def run = CliRun.of('plan', file)

        then:
        run.exitCode == 0
        run.out =~ /(?m)^\s+locks \(taken before the first step; a run that finds one held is refused, or waits with --wait\)$/
        run.out =~ /(?m)^\s+db:\$\{params\.db}$/
    }

    def "plan of a runbook with a problem exits 2 with file:line:col and shows no plan"() {
        given:
        def file = RunbookFiles.write(dir, 'broken.groovy', '''\
            runbook('broken') {
                step('One', expectd: 5.seconds) { sh 'true' }
            }
            ''')

        when:
        def run = CliRun.of('plan', file)

        then:
        run.exitCode == 2
        run.err.contains("${file}:2:5: unknown option 'expectd:' for step — did you mean 'expected'?")
        !run.out.contains('Plan:')
        !run.hasStackTrace
    }
}
