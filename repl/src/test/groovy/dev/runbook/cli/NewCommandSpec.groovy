package dev.runbook.cli

import dev.runbook.compile.RunbookCompiler
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** {@code runbook new NAME [--dir DIR]}: a runbook and its spec, added to a repository. */
class NewCommandSpec extends Specification {
    @TempDir
    Path dir

    def "new adds NAME.groovy and its spec named in PascalCase; the runbook compiles and the spec loads it"() {
        when:
        def run = CliRun.of('new', 'disk-cleanup', '--dir', dir.toString())

        then:
        run.exitCode == 0
        run.out.contains("created  ${dir.resolve('disk-cleanup.groovy')}")
        run.out.contains("created  ${dir.resolve('DiskCleanupSpec.groovy')}")

        and: 'the runbook compiles'
        def rb = new RunbookCompiler().compile(dir.resolve('disk-cleanup.groovy'))
        rb.name() == 'disk-cleanup'
        rb.title() == 'Disk cleanup'
        rb.steps()*.name() == ['Capture evidence', 'Fix']
        rb.onFailure() != null

        and: 'the spec parses, names its class after the file and loads the runbook beside it'
        def spec = Files.readString(dir.resolve('DiskCleanupSpec.groovy'))
        GroovySyntax.problems(spec).isEmpty()
        spec.contains('class DiskCleanupSpec extends RunbookSpecification')
        spec.count("load 'disk-cleanup.groovy'") == 2
        !spec.contains('{{')
    }

    def "the new runbook passes runbook check beside the ones init wrote"() {
        given:
        CliRun.of('init', dir.toString())
        CliRun.of('new', 'cache-flush', '--dir', dir.toString())

        when:
        def run = CliRun.of('check', dir.toString())

        then:
        run.exitCode == 0
        run.out.contains("ok  ${dir.resolve('cache-flush.groovy')}  (cache-flush, 2 steps)")
    }

    def "a NAME that is not a slug is refused with the slug to write instead: #name"() {
        when:
        def run = CliRun.of('new', name, '--dir', dir.toString())

        then:
        run.exitCode == 2
        run.err.trim() == "runbook: new '${name}': ${message}".toString()
        dir.toFile().list().length == 0
        !run.hasStackTrace

        where:
        name                 | message
        'Disk_Cleanup'       | 'a runbook name is a slug: lowercase letters, digits and single dashes, starting with a letter (it names the file, the runbook and its spec class) — e.g. disk-cleanup'
        'restartApi'         | 'a runbook name is a slug: lowercase letters, digits and single dashes, starting with a letter (it names the file, the runbook and its spec class) — e.g. restart-api'
        '5xx-alerts'         | 'a runbook name is a slug: lowercase letters, digits and single dashes, starting with a letter (it names the file, the runbook and its spec class) — e.g. restart-api'
        'restart-api.groovy' | 'give the name without .groovy — e.g. restart-api'
    }

    def "new refuses when the runbook or its spec exists, and writes nothing"() {
        given:
        def spec = Files.writeString(dir.resolve('DiskCleanupSpec.groovy'), 'ours')

        when:
        def run = CliRun.of('new', 'disk-cleanup', '--dir', dir.toString())

        then:
        run.exitCode == 2
        run.err.contains("these files exist and were left alone")
        run.err.contains(spec.toString())
        Files.readString(spec) == 'ours'
        !Files.exists(dir.resolve('disk-cleanup.groovy'))
    }

    def "new into a folder that does not exist is refused, pointing at init"() {
        given:
        def missing = dir.resolve('nope')

        when:
        def run = CliRun.of('new', 'disk-cleanup', '--dir', missing.toString())

        then:
        run.exitCode == 2
        run.err.contains("--dir ${missing} is not a folder")
        run.err.contains("runbook init ${missing}")
        !Files.exists(missing)
    }
}
