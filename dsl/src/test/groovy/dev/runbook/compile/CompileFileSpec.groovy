package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class CompileFileSpec extends Specification {
    @TempDir
    Path dir

    def "a runbook file is read and compiled; messages name the file by the path given"() {
        given:
        def file = dir.resolve('rollback.groovy')
        Files.writeString(file, "runbook('rollback') {\n    step('Restart', retry: -1) { sh 'true' }\n}\n")

        when:
        new RunbookCompiler().compile(file)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${file}:2:5: retry: of step 'Restart' must be a whole number of extra attempts (0 to 1000), not '-1' — write retry: 2 to try up to three times".toString()]
    }

    def "a valid file compiles into its definition"() {
        given:
        def file = dir.resolve('ok.groovy')
        Files.writeString(file, "runbook('ok') {\n    step('Hello') { sh 'echo héllo' }\n}\n")

        when:
        def rb = new RunbookCompiler().compile(file)

        then:
        rb.name() == 'ok'
        rb.source() == file.toString()
        rb.steps()[0].body().commands() == ["sh 'echo héllo'"]
        rb.steps()[0].pos().toString() == "${file}:2:5".toString()
    }

    def "a missing file gives one problem naming the path"() {
        given:
        def missing = dir.resolve('no-such-runbook.groovy')

        when:
        new RunbookCompiler().compile(missing)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${missing}: no such file — check the path; runbook files end in .groovy".toString()]
    }

    def "a folder given as the file gives a problem naming the path"() {
        when:
        new RunbookCompiler().compile(dir)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems().size() == 1
        e.problems()[0].toString().startsWith("${dir}: cannot read the file")
    }

    def "a file whose name does not end in .groovy still compiles"() {
        given:
        def file = dir.resolve('runbook.txt')
        Files.writeString(file, "runbook('txt') { step('a') { sh 'true' } }")

        expect:
        new RunbookCompiler().compile(file).name() == 'txt'
    }
}
