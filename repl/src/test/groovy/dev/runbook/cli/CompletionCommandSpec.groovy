package dev.runbook.cli

import dev.runbook.term.ExitCodes
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
        def script = completionScript()

        expect:
        complete(script, 'runbook', '') == ['help', 'exec', 'plan', 'check', 'approve', 'repl', 'completion', 'runs', 'show', 'resume', 'report', 'serve', 'submit', 'test', 'init', 'wrapper', 'new', 'import', 'list'] as Set
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

    def "after -p the script offers the param names of the runbook file on the line, read from that file"() {
        given:
        def script = completionScript()
        def rollback = runbook('rollback.groovy', 'version', 'healthUrl')

        expect:
        complete(script, 'runbook', 'exec', rollback, '-p', '') == ['version=', 'healthUrl='] as Set
        complete(script, 'runbook', 'exec', rollback, '--param', 'he') == ['healthUrl='] as Set
        complete(script, 'runbook', 'repl', rollback, '-p', 'v') == ['version='] as Set

        and: 'options and their values before the file, and params already given, are not taken for the file'
        complete(script, 'runbook', 'exec', '--journal', 'runs', '--severity', '=', 'P1', rollback, '-p', 'version', '=', 'v1', '-p', 'h') == ['healthUrl='] as Set
        complete(script, 'runbook', 'exec', '--dry-run', rollback, '-p', '') == ['version=', 'healthUrl='] as Set
    }

    def "a file that does not compile, or no file yet, offers nothing after -p and shows no error"() {
        given:
        def script = completionScript()
        def broken = Files.writeString(dir.resolve('broken.groovy'), "runbook('x') { param 'version'\n")

        expect:
        complete(script, 'runbook', 'exec', broken.toString(), '-p', '').isEmpty()
        complete(script, 'runbook', 'exec', dir.resolve('missing.groovy').toString(), '-p', '').isEmpty()
        complete(script, 'runbook', 'exec', '-p', '').isEmpty()
    }

    def "once a runbook has compiled, completion reads its param names without starting Groovy; an edited file offers its new params"() {
        given:
        def rollback = runbook('rollback.groovy', 'version', 'healthUrl')
        def check = runbookProcess([], 'check', rollback)

        expect: 'check compiled it, and kept its param names'
        check.exitCode == 0

        when:
        def cached = runbookProcess(['-verbose:class'], '__complete-params', rollback)
        def names = cached.out.readLines().findAll { !it.startsWith('[') }
        boolean groovyStarted = cached.out.contains('groovy.lang.GroovySystem ')

        then:
        cached.exitCode == 0
        names == ['version', 'healthUrl']
        !groovyStarted

        when: 'the file changes: its text is the key, so the names are read again from the new text'
        runbook('rollback.groovy', 'version', 'port')

        then:
        complete(completionScript(), 'runbook', 'exec', rollback, '-p', '') == ['version=', 'port='] as Set
    }

    def "completing -p runs nothing of a file never compiled: its names come from the syntax tree"() {
        given: 'a runbook whose top-level code and title write a canary (before: a TAB compiled and evaluated it)'
        def canary = dir.resolve('ran-on-tab.txt')
        def file = Files.writeString(dir.resolve('sly.groovy'), """\
            new File('${canary}').text = 'top level'
            runbook('sly') {
                title new File('${canary}').text = 'title'
                param 'version'
                param 'region', default: 'eu'
                step('A') { log 'a' }
            }
            """.stripIndent(true)).toString()

        when:
        def names = complete(completionScript(), 'runbook', 'exec', file, '-p', '')

        then:
        names == ['version=', 'region='] as Set
        !Files.exists(canary)
    }

    private Path completionScript() {
        def run = CliRun.of('completion', 'bash')
        assert run.exitCode == 0
        Files.writeString(dir.resolve('runbook-completion.bash'), run.out)
    }

    /** A runbook file declaring these params (and one step). */
    private String runbook(String name, String... params) {
        def text = "runbook('demo') {\n" + params.collect { "    param '${it}'\n" }.join('') + "    step('Only') { log 'hi' }\n}\n"
        Files.writeString(dir.resolve(name), text).toString()
    }

    /**
     * What bash offers for the words typed (the last one being completed), with the script sourced, through the
     * function it registers for runbook. {@code runbook} on the PATH is this build (see {@link #launcher}), with a
     * compile cache of the spec's own.
     */
    private Set<String> complete(Path script, String... words) {
        def quoted = words.collect { "'${it}'" }.join(' ')
        def line = """source '${script}' 2>/dev/null
            COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(' ')}'; COMP_POINT=\${#COMP_LINE}
            complete_function=\$(complete -p runbook | sed -E 's/.* -F ([^ ]+) .*/\\1/')
            "\$complete_function" 2>/dev/null
            printf '%s\\n' "\${COMPREPLY[@]}" """
        def pb = new ProcessBuilder('bash', '-c', line).redirectErrorStream(true).directory(dir.toFile())
        pb.environment().PATH = launcher().parent.toString() + File.pathSeparator + System.getenv('PATH')
        pb.environment().RUNBOOK_CACHE_DIR = dir.resolve('cache').toString()
        def process = pb.start()
        String out = process.inputStream.text
        assert process.waitFor(60, TimeUnit.SECONDS)
        out.readLines().findAll { !it.isBlank() }*.strip() as Set
    }

    /** {@code runbook args...} as a process of its own (JVM options first), with the spec's compile cache. */
    private CliRun runbookProcess(List<String> jvmOptions, String... args) {
        def pb = new ProcessBuilder([launcher().toString()] + args.toList()).redirectErrorStream(false).directory(dir.toFile())
        pb.environment().RUNBOOK_CACHE_DIR = dir.resolve('cache').toString()
        pb.environment().RUNBOOK_JVM_OPTIONS = jvmOptions.join(' ')
        def process = pb.start()
        def err = new StringBuilder()
        process.consumeProcessErrorStream(err)
        String out = process.inputStream.text
        assert process.waitFor(60, TimeUnit.SECONDS)
        new CliRun(process.exitValue(), out, err.toString())
    }

    /** A {@code runbook} command for this build: this JVM's java, the test class path, the CLI's main class. */
    private Path launcher() {
        def bin = dir.resolve('bin')
        def file = bin.resolve('runbook')
        if (Files.exists(file)) return file
        Files.createDirectories(bin)
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java')
        Files.writeString(file, """#!/bin/sh
            exec '${java}' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \$RUNBOOK_JVM_OPTIONS -cp '${System.getProperty('java.class.path')}' dev.runbook.app.Main "\$@"
            """.stripIndent())
        file.toFile().setExecutable(true)
        file
    }
}
