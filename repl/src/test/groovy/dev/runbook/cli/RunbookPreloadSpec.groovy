package dev.runbook.cli

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.term.ExitCodes
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.util.concurrent.TimeUnit

/**
 * `runbook exec FILE`: the runbook is loaded on the warm-up thread while picocli parses, and exec uses that
 * load only when it is of the same, unchanged file; its mistakes are reported as exec's own compile reports them.
 */
class RunbookPreloadSpec extends Specification {
    @TempDir Path tmp

    def cleanup() {
        RunbookPreload.take(tmp.resolve('none.groovy')) // nothing left for another spec
    }

    private Path runbook(String name, String text) {
        def f = tmp.resolve(name)
        Files.writeString(f, text)
        f
    }

    static final String GOOD = "runbook('preloaded') { step('One') { sh 'true' } }"

    def "exec gets the runbook the warm-up thread loaded for its file"() {
        given:
        def f = runbook('r.groovy', GOOD)
        def preload = RunbookPreload.planFor(['exec', f.toString(), '--yes'] as String[])

        when:
        preload.load(new RunbookCompiler())
        def taken = RunbookPreload.take(f)

        then:
        taken.get().name() == 'preloaded'
        taken.get().steps()*.name() == ['One']

        and: 'only once'
        RunbookPreload.take(f).isEmpty()
    }

    def "a file changed after the preload started is compiled again by exec"() {
        given:
        def f = runbook('r.groovy', GOOD)
        def preload = RunbookPreload.planFor(['exec', f.toString()] as String[])
        preload.load(new RunbookCompiler())

        when: 'the file is edited (another size, a later time)'
        Files.writeString(f, GOOD.replace("'One'", "'One, edited'"))
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000))

        then:
        RunbookPreload.take(f).isEmpty()
    }

    def "a preload of another file is not used"() {
        given:
        def f = runbook('r.groovy', GOOD)
        def other = runbook('other.groovy', GOOD)
        RunbookPreload.planFor(['exec', f.toString()] as String[]).load(new RunbookCompiler())

        expect:
        RunbookPreload.take(other).isEmpty()
    }

    def "the preload's compile problems are thrown to exec, as its own compile would throw them"() {
        given:
        def f = runbook('broken.groovy', "runbook('b') {\n  step('One') { sh 'true' }\n  stepp('Two') { }\n}\n")
        RunbookPreload.planFor(['exec', f.toString()] as String[]).load(new RunbookCompiler())

        when:
        RunbookPreload.take(f)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()[0].pos().line() == 3
    }

    def "nothing is preloaded when exec's first argument is an option, a stdlib name or a missing file, or for other commands"() {
        given:
        def f = runbook('r.groovy', GOOD)

        expect:
        RunbookPreload.planFor(args as String[]) == null

        where:
        args << [['exec', '-p', 'x=1'], ['exec', 'stdlib:k8s/rollout-undo'], ['exec', '/no/such/file.groovy'],
                 ['plan', '/tmp'], ['exec']]
    }

    /** `runbook exec NAME` in a JVM of its own (through Main, so with the warm-up thread and the preload), finished. */
    private CliProcess execThroughCli(String name, String text) {
        runbook(name, text)
        def cli = CliProcess.start(tmp, ['exec', name, '--journal', tmp.resolve('runs').toString()])
        assert cli.process.waitFor(60, TimeUnit.SECONDS)
        cli
    }

    def "through the real CLI, exec of a runbook with a mistake prints file:line:col and exits 2, as without the preload"() {
        when:
        def cli = execThroughCli('broken.groovy', "runbook('b') {\n  step('One') { sh 'true' }\n  stepp('Two') { }\n}\n")

        then:
        cli.process.exitValue() == ExitCodes.BAD_INPUT
        cli.err.contains('broken.groovy:3:')
        !cli.err.contains('Exception')
        !Files.exists(tmp.resolve('runs'))
    }

    def "through the real CLI, exec of a good runbook runs the steps it loaded"() {
        when:
        def cli = execThroughCli('good.groovy', "runbook('g') { step('Say') { sh 'echo preloaded-and-ran' } }")

        then:
        cli.process.exitValue() == 0
        cli.out.contains('preloaded-and-ran')
    }
}
