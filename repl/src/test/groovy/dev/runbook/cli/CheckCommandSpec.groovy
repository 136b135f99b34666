package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class CheckCommandSpec extends Specification {
    @TempDir
    Path dir

    def "check reports every problem of several files at once as file:line:col and exits 2"() {
        given:
        def typo = write('typo.groovy', '''\
            runbook('typo') {
                stepp('First') { sh 'true' }
                step('Second', timout: 5.seconds) { sh 'true' }
            }
            ''')
        def unclosed = write('unclosed.groovy', '''\
            runbook('unclosed') {
                step('First') { sh 'true'
            }
            ''')
        def fine = write('fine.groovy', "runbook('fine') { step('Only') { sh 'true' } }")

        when:
        def run = CliRun.of('check', typo, unclosed, fine)

        then:
        run.exitCode == 2
        run.err.contains("${typo}:2:5: unknown element 'stepp' — did you mean 'step'?")
        run.err.contains("${typo}:3:5: unknown option 'timout:' for step — did you mean 'timeout'?")
        run.err =~ /(?m)^${java.util.regex.Pattern.quote(unclosed)}:\d+:\d+: the file ends before every \{ is closed/
        run.err.contains('3 problems in 3 files')
        run.out.contains("ok  ${fine}  (fine, 1 step)")
        !run.hasStackTrace
    }

    def "a runbook that would end the tool is reported at its line, and the files after it are still checked"() {
        given: 'before: System.exit(0) ended check with exit 0 and nothing printed, for this file and the next'
        def ending = write('ending.groovy', '''\
            System.exit(0)
            runbook('ending') { step('Only') { sh 'true' } }
            ''')
        def typo = write('typo.groovy', "runbook('typo') { stepp('First') { sh 'true' } }")

        when:
        def run = CliRun.of('check', ending, typo)

        then:
        run.exitCode == 2
        run.err.contains("${ending}:1:1: System.exit(…) would end the tool, not the step — a runbook ends by failing a step (fail 'why')")
        run.err.contains("${typo}:1:19: unknown element 'stepp'")
        !run.hasStackTrace
    }

    def "check prints one ok line per runbook and exits 0 when all of them compile"() {
        given:
        def a = write('a.groovy', "runbook('alpha') { step('One') { sh 'true' }; step('Two') { sh 'true' } }")
        def b = write('b.groovy', "runbook('beta') { manual 'Look at the dashboard' }")

        when:
        def run = CliRun.of('check', a, b)

        then:
        run.exitCode == 0
        run.out.readLines() == ["ok  ${a}  (alpha, 2 steps)", "ok  ${b}  (beta, 1 step)"]*.toString()
        run.err.isEmpty()
    }

    def "check of a folder checks its runbooks and leaves out specs"() {
        given:
        def good = write('ops/restart.groovy', "runbook('restart') { step('Restart') { sh 'true' } }")
        write('ops/RestartSpec.groovy', 'this is not a runbook and must not be checked')

        when:
        def run = CliRun.of('check', dir.resolve('ops').toString())

        then:
        run.exitCode == 0
        run.out.readLines() == ["ok  ${good}  (restart, 1 step)".toString()]
    }

    def "check of a folder checks its team file as a team file and leaves out the runs' copies of runbooks"() {
        given:
        def good = write('ops/restart.groovy', "runbook('restart') { step('Restart') { sh 'true' } }")
        def team = write('ops/runbook.team.groovy', "team { membr 'alice', role: 'lead' }")
        write('ops/.runbook/runs/20261126-120000-abcd/source.groovy', 'not checked: a copy kept by a run')

        when:
        def run = CliRun.of('check', dir.resolve('ops').toString())

        then:
        run.exitCode == 2
        run.out.readLines() == ["ok  ${good}  (restart, 1 step)".toString()]
        run.err.contains("${team}:1:8: unknown element 'membr' in the team file — did you mean 'member'?")
        run.err.contains('1 problem in 2 files')
    }

    def "check of a file that does not exist names it and exits 2"() {
        given:
        def missing = dir.resolve('nope.groovy').toString()

        when:
        def run = CliRun.of('check', missing)

        then:
        run.exitCode == 2
        run.err.contains("${missing}: no such file")
        !run.hasStackTrace
    }

    private String write(String name, String text) {
        RunbookFiles.write(dir, name, text)
    }

    def "check refuses a requireApproval the team beside it can never give, with file:line:col and the team's numbers; exec refuses it too"() {
        given:
        def team = write('ops/runbook.team.groovy', "team {\n    member 'alice', role: 'lead'\n    member 'bob', role: 'lead'\n}\n")
        def rb = write('ops/deploy.groovy', """\
            runbook('deploy') {
                step('Build') { sh 'true' }
                requireApproval role: 'lead', count: 3
                step('Ship') { sh 'true' }
            }
            """)

        when:
        def check = CliRun.of('check', rb)
        def exec = CliRun.of('exec', rb, '--yes', '--journal', dir.resolve('runs').toString())

        then:
        check.exitCode == 2
        check.err.readLines()[0] == "${rb}:3:5: requireApproval can never be met: 3 distinct approvers with the role 'lead' are needed, and the "
                .toString() + "team file ${team} has 2 (alice, bob) — lower count: to what the team can give, or add people to the team file"
        exec.exitCode == 2
        exec.err.contains("${rb}:3:5: requireApproval can never be met")
        !exec.hasStackTrace
        !dir.resolve('runs').toFile().exists() || dir.resolve('runs').toFile().list().findAll { !it.startsWith('.') && it != 'locks' }.isEmpty()
    }

    def "check reports a misspelt integration call, option or result field where the receiver is known from the text, with did you mean; exec refuses it before running"() {
        given:
        def rb = write('restart.groovy', """\
            runbook('restart') {
                step('Restart') {
                    docker.container('api').restartt(timeout: 30)
                    def api = docker.container('api')
                    api.restart(timout: 30)
                    k8s.deployment('api', ns: 'prod').undoo()
                    def info = api.inspect()
                    log "running: \${info.runing}"
                    compose('deploy.yml', projcet: 'x').ps()
                    api.start(force: true)
                }
            }
            """)
        def fine = write('fine.groovy', """\
            runbook('fine') {
                step('Restart') {
                    def api = docker.container('api')
                    api.restart(timeout: 30)
                    if (!api.inspect().running) k8s.deployment('api', ns: 'prod').undo(toRevision: 3)
                    compose('deploy.yml', project: 'x').restart('api', 'web')
                }
            }
            """)

        when:
        def check = CliRun.of('check', rb, fine)
        def exec = CliRun.of('exec', rb, '--yes', '--journal', dir.resolve('runs').toString())

        then:
        check.exitCode == 2
        check.err.readLines().take(6) == [
                "${rb}:3:33: docker.container(…) has no call 'restartt' — did you mean 'restart'?",
                "${rb}:5:21: unknown option 'timout:' for docker.container(…).restart() — did you mean 'timeout:'?",
                "${rb}:6:43: k8s.deployment(…) has no call 'undoo' — did you mean 'undo'?",
                "${rb}:8:30: ContainerInfo has no field 'runing' — did you mean 'running'?",
                "${rb}:9:31: unknown option 'projcet:' for compose — did you mean 'project:'?",
                "${rb}:10:19: docker.container(…).start() takes no named options — leave out force:",
        ]*.toString()
        check.out.contains("ok  ${fine}")
        exec.exitCode == 2
        exec.err.contains("${rb}:3:33: docker.container(…) has no call 'restartt'")
        !exec.hasStackTrace
    }
}
