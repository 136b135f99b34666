package dev.runbook.cli.importer

import dev.runbook.cli.CliRun
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.cli.importer.ImportPages.importText

/**
 * What {@code runbook import} refuses, in one line and with the exit code that says whose fault it is: 2 for the
 * page or the command line, 4 for the machine. Nothing is written then, and no stack trace is shown.
 */
class ImportBadInputSpec extends Specification {
    @TempDir
    Path dir

    def "a page without bash blocks: one line naming the unlabelled block that may be meant as bash, exit 2"() {
        when:
        def run = importText(dir, '# Rollback\n\nRestart it:\n\n```\nsystemctl restart api\n```\n')

        then:
        run.exitCode == 2
        run.err.readLines() == ["runbook: import ${dir.resolve('page.md')}:5:1: no bash blocks — the ``` block here has no language: " +
                                        "write ```bash if it is shell (runbook import makes steps only from bash blocks)"]
        !Files.exists(dir.resolve('out'))
    }

    def "a page with no code at all: no bash blocks, exit 2"() {
        when:
        def run = importText(dir, '# Notes\n\nNothing to run here.\n')

        then:
        run.exitCode == 2
        run.err.readLines() == ["runbook: import ${dir.resolve('page.md')}: no bash blocks — runbook import makes steps from ```bash blocks; give a page that has them"]
    }

    def "a page whose bash blocks hold only comments has nothing to run: exit 2"() {
        when:
        def run = importText(dir, '# Drills\n\n```bash\n# Schedule quarterly rollback drills\n# Document lessons learned\n```\n')

        then:
        run.exitCode == 2
        run.err.readLines() == ["runbook: import ${dir.resolve('page.md')}: its bash blocks hold only comments — nothing to run; put the commands in the ```bash blocks"]
        !Files.exists(dir.resolve('out'))
    }

    def "a non-markdown file is refused in one line, exit 2: #kind"() {
        given:
        def file = dir.resolve(name)
        Files.write(file, bytes as byte[])

        when:
        def run = CliRun.of('import', file.toString(), '-o', dir.resolve('out').toString())

        then:
        run.exitCode == 2
        run.err.readLines().size() == 1
        run.err.startsWith("runbook: import ${file}")
        run.err.contains(says)
        !run.hasStackTrace
        !Files.exists(dir.resolve('out'))

        where:
        kind            | name          | bytes                                                    | says
        'binary'        | 'logo.png'    | [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]    | ':3:1: binary data, not a markdown page'
        'not UTF-8'     | 'page.md'     | '# Rollback caf\u00e9\n'.getBytes('ISO-8859-1')          | 'not UTF-8 text'
        'a script'      | 'rollback.sh' | '#!/bin/bash\n# Step 1\nrm -rf /tmp/x\n'.getBytes('UTF-8') | ':1:1: a script (it starts with #!), not a markdown page'
        'plain text'    | 'notes.txt'   | 'just some words\n'.getBytes('UTF-8')                    | 'not a markdown page (no headings, lists or ``` blocks)'
    }

    def "a file that cannot be read: no such file, or a folder, exit 2"() {
        when:
        def missing = CliRun.of('import', dir.resolve('gone.md').toString())
        def folder = CliRun.of('import', dir.toString())

        then:
        missing.exitCode == 2
        missing.err.readLines() == ["runbook: import ${dir.resolve('gone.md')}: no such file — give the path of a markdown page"]
        folder.exitCode == 2
        folder.err.readLines() == ["runbook: import ${dir}: is a folder — give a markdown page (a .md file)"]
    }

    def "a folder that cannot be written: exit 4, one line"() {
        given: 'an output folder under a plain file, which no one can create'
        def file = Files.writeString(dir.resolve('a-file'), 'x')

        when:
        def page = Files.writeString(dir.resolve('page.md'), '# Restart\n\n```bash\nsystemctl restart api\n```\n')
        def run = CliRun.of('import', page.toString(), '-o', file.resolve('out').toString())

        then:
        run.exitCode == 4
        run.err.readLines().size() == 1
        run.err.startsWith("runbook: import: cannot write in ${file.resolve('out')} (")
        run.err.contains('choose another folder with -o')
    }

    def "files that exist are left alone: nothing is written, they are listed, exit 2; --force overwrites them"() {
        given:
        def out = Files.createDirectories(dir.resolve('out'))
        Files.writeString(out.resolve('restart.groovy'), 'our own runbook')

        when:
        def refused = importText(dir, '# Restart\n\n```bash\nsystemctl restart api\n```\n')

        then:
        refused.exitCode == 2
        refused.err.contains("  ${out.resolve('restart.groovy')}")
        refused.err.contains('--force')
        Files.readString(out.resolve('restart.groovy')) == 'our own runbook'
        !Files.exists(out.resolve('IMPORT.md'))

        when:
        def forced = importText(dir, '# Restart\n\n```bash\nsystemctl restart api\n```\n', 'page.md', '--force')

        then:
        forced.exitCode == 0
        Files.readString(out.resolve('restart.groovy')).contains("sh 'systemctl restart api'")
        Files.exists(out.resolve('IMPORT.md'))
        Files.exists(out.resolve('RestartSpec.groovy'))
    }
}
