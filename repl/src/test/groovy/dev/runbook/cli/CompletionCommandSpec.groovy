package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** {@code runbook completion bash|zsh}: the script, sourced into a real bash, completes what a person types. */
class CompletionCommandSpec extends Specification {
    @TempDir
    Path dir

    def "the bash script completes the subcommands and each subcommand's options"() {
        given:
        def run = CliRun.of('completion', 'bash')
        def script = Files.writeString(dir.resolve('runbook-completion.bash'), run.out)

        expect:
        run.exitCode == 0
        complete(script, 'runbook', '') == ['help', 'exec', 'plan', 'check', 'approve', 'repl', 'completion', 'runs', 'show', 'resume', 'report', 'submit', 'test', 'init', 'new', 'list'] as Set
        complete(script, 'runbook', 'ex') == ['exec'] as Set
        complete(script, 'runbook', 'exec', '--st').containsAll(['--step', '--start-at'])
        complete(script, 'runbook', 'repl', '--hi') == ['--history'] as Set
        complete(script, 'runbook', 'test', '--j') == ['--junit-xml'] as Set
        complete(script, 'runbook', 'init', '--f') == ['--force'] as Set
        complete(script, 'runbook', 'list', '--j') == ['--json'] as Set
    }

    def "zsh gets the same script (it runs it through bashcompinit); another shell is refused with what is supported"() {
        when:
        def zsh = CliRun.of('completion', 'zsh')
        def fish = CliRun.of('completion', 'fish')

        then:
        zsh.exitCode == 0
        zsh.out == CliRun.of('completion', 'bash').out
        fish.exitCode == ExitCodes.BAD_INPUT
        fish.err.contains('runbook: completion fish — bash and zsh are supported')
    }

    /** What bash offers for the words typed (the last one being completed), with the script sourced. */
    private static Set<String> complete(Path script, String... words) {
        def quoted = words.collect { "'${it}'" }.join(' ')
        def line = """source '${script}' 2>/dev/null
            COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(' ')}'; COMP_POINT=\${#COMP_LINE}
            _complete_runbook 2>/dev/null
            printf '%s\\n' "\${COMPREPLY[@]}" """
        def process = new ProcessBuilder('bash', '-c', line).redirectErrorStream(true).start()
        String out = process.inputStream.text
        assert process.waitFor(30, TimeUnit.SECONDS)
        out.readLines().findAll { !it.isBlank() }*.strip() as Set
    }
}
