package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class OutputColourSpec extends Specification {
    @TempDir
    Path dir

    def "output has colour only on a terminal without NO_COLOR or TERM=dumb: #situation"() {
        given:
        def file = RunbookFiles.write(dir, 'rb.groovy', """\
            runbook('colours') {
                step('Say hello', expected: 5.seconds) { sh 'echo hello' }
                step('Fail') { sh 'exit 1' }
            }
            """)

        when:
        def exec = CliRun.of([stdoutTerminal: terminal, env: env], 'exec', file, '--journal', dir.resolve('runs').toString())
        def plan = CliRun.of([stdoutTerminal: terminal, env: env], 'plan', file)

        then: 'the same words either way'
        exec.exitCode == 1
        exec.out.contains('Run FAILED')
        plan.out.contains('Say hello')

        and:
        exec.hasAnsi == coloured
        plan.hasAnsi == coloured

        where:
        situation                       | terminal | env                       || coloured
        'output piped to a file or CI'  | false    | [:]                       || false
        'a terminal with NO_COLOR=1'    | true     | [NO_COLOR: '1']           || false
        'a terminal with TERM=dumb'     | true     | [TERM: 'dumb']            || false
        'a terminal'                    | true     | [TERM: 'xterm-256color']  || true
        'a terminal, NO_COLOR empty'    | true     | [NO_COLOR: '']            || true
    }
}
