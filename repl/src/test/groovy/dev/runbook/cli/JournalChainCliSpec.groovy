package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The journal's integrity chain (issue 18, 3b) on real journal files written by a real run: an edit, a deleted line, a
 * reordered line and an inserted line each make show, report and resume say "journal altered at event N" and stop
 * reporting the forged history as fact; a torn last line (a crash) is not tampering; a journal written before the
 * chain existed is said to have none.
 */
class JournalChainCliSpec extends Specification {
    @TempDir
    Path dir

    String id
    Path journal

    def setup() {
        def file = RunbookFiles.write(dir, 'chained.groovy', """\
            runbook('chained') {
                param 'tag', default: 'v1'
                requireApproval P1, reason: 'changes things'
                step('one') { sh "echo one \${params.tag}" }
                step('two') { sh 'echo two' }
                step('three') { sh 'echo three' }
            }
            """)
        def exec = CliRun.of('exec', file, '--yes', '--approved-by', 'alice', '--operator', 'olivia', '--journal', runs().toString())
        assert exec.exitCode == 0
        id = Files.list(runs()).findAll { Files.isDirectory(it) && it.fileName.toString() != 'locks' }.first().fileName.toString()
        journal = runs().resolve(id).resolve('journal.jsonl')
    }

    private Path runs() {
        dir.resolve('runs')
    }

    private List<String> lines() {
        Files.readAllLines(journal)
    }

    private int indexOf(String type) {
        lines().findIndexOf { it.contains("\"type\":\"$type\"") }
    }

    private static long seqOf(String line) {
        (line =~ /"seq":(\d+)/)[0][1] as long
    }

    def "an untouched journal verifies: every event carries its chain, show says nothing of tampering, exit 0"() {
        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())

        then:
        lines().every { it.startsWith('{"chain":"') }
        show.exitCode == 0
        !show.out.contains('altered')
        !show.err.contains('altered')
        show.out.contains('approvers alice')
    }

    def "run.started records the OS user and host; show and the report print them beside the claimed operator"() {
        given:
        def started = CliSession.journalOf(runs().resolve(id)).find { it.type() == 'run.started' }
        def user = System.getProperty('user.name')

        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())
        def report = CliRun.of('report', id, '--journal', runs().toString())

        then: '--operator olivia is a claim; the OS user is who ran the process'
        started.str('osUser') == user
        started.str('host')
        show.out.contains("operator olivia (OS user ${user} on host ${started.str('host')})")
        report.out.contains("| Operator | olivia (OS user ${user} on host ${started.str('host')}) |")
    }

    def "an approver's name edited in the file: show says altered at that event first, and no longer reports the forged approver as fact"() {
        given: 'alice becomes carol in the approval.granted line'
        def all = lines()
        int at = indexOf('approval.granted')
        all[at] = all[at].replace('"by":"alice"', '"by":"carol"')
        Files.write(journal, all)
        long n = seqOf(all[at])

        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())

        then:
        show.exitCode == 4
        show.out.readLines()[0].contains("journal altered at event $n")
        show.err.contains("journal altered at event $n")
        !show.out.contains('approvers carol')
        show.out.contains('approvers none')
        show.out.contains("Unverified — the journal now reads, from event $n on:")
        show.out.contains('by=carol')
        !show.hasStackTrace
    }

    def "a #what line: show says the journal was altered at that event"() {
        given:
        def all = lines()
        int at = indexOf('step.started')
        long expected
        switch (what) {
            case 'deleted':
                expected = seqOf(all[at + 1])
                all.remove(at)
                break
            case 'reordered':
                expected = seqOf(all[at + 1])
                def moved = all.remove(at)
                all.add(at + 1, moved)
                break
            case 'inserted':
                expected = seqOf(all[at])
                def forged = all[at].replaceFirst(/"step":"[^"]*"/, '"step":"forged"')
                assert forged != all[at]
                all.add(at, forged)
                break
            case 'chain-stripped':
                expected = seqOf(all[at])
                all[at] = all[at].replaceFirst(/^\{"chain":"[0-9a-f]{64}",/, '{')
                break
        }
        Files.write(journal, all)

        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())

        then:
        show.exitCode == 4
        show.out.readLines()[0].contains("journal altered at event $expected")
        !show.hasStackTrace

        where:
        what << ['deleted', 'reordered', 'inserted', 'chain-stripped']
    }

    def "a torn last line after a crash is not tampering: a warning that it was ignored, the chain of the rest verifies"() {
        given: 'the last line cut in half, as a kill mid-write leaves it'
        def text = Files.readString(journal)
        def lastStart = text.lastIndexOf('\n', text.length() - 2) + 1
        Files.writeString(journal, text.substring(0, lastStart + (text.length() - lastStart) / 2 as int))

        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())

        then:
        show.exitCode == 0
        show.err.contains('is incomplete — the run stopped while writing it; it was ignored')
        !show.out.contains('altered')
        !show.err.contains('altered')
    }

    def "a journal written before the chain existed: 'no integrity chain (written before 0.2.0)', and it is shown as before"() {
        given:
        Files.write(journal, lines().collect { it.replaceFirst(/^\{"chain":"[0-9a-f]{64}",/, '{') })

        when:
        def show = CliRun.of('show', id, '--journal', runs().toString())

        then:
        show.exitCode == 0
        show.err.contains('no integrity chain (written before 0.2.0)')
        show.out.contains('approvers alice')
    }

    def "report of an altered journal: the warning first, the forged approver only among the unverified events, exit 4"() {
        given:
        def all = lines()
        int at = indexOf('approval.granted')
        all[at] = all[at].replace('"by":"alice"', '"by":"carol"')
        Files.write(journal, all)
        long n = seqOf(all[at])

        when:
        def md = CliRun.of('report', id, '--journal', runs().toString())
        def html = CliRun.of('report', id, '--format', 'html', '--journal', runs().toString())

        then:
        md.exitCode == 4
        md.out.readLines()[0].contains("journal altered at event $n")
        md.out.readLines().find { it.startsWith('| Approvers |') } == '| Approvers | none |'
        md.out.contains('## Unverified events')
        md.out.readLines().find { it.contains('by=carol') }.endsWith('_(unverified)_')
        html.exitCode == 4
        html.out.indexOf("journal altered at event $n") < html.out.indexOf('<h1')
    }

    def "resume of an altered journal is refused (exit 4) and nothing runs; --accept-altered-journal resumes and says so in the journal"() {
        given: 'a run that failed at its second step, then an edit to its first step'
        def file = RunbookFiles.write(dir, 'fails.groovy', """\
            runbook('fails') {
                step('one') { sh 'echo one' }
                step('two') { sh "test -f '${dir.resolve('go')}'" }
            }
            """)
        def store = dir.resolve('runs2')
        assert CliRun.of('exec', file, '--yes', '--journal', store.toString()).exitCode == 1
        def failedId = Files.list(store).findAll { Files.isDirectory(it) && it.fileName.toString() != 'locks' }.first().fileName.toString()
        def j = store.resolve(failedId).resolve('journal.jsonl')
        def all = Files.readAllLines(j)
        int at = all.findIndexOf { it.contains('"type":"step.finished"') && it.contains('"step":"one"') }
        all[at] = all[at].replace('"type":"step.finished",', '"type":"step.finished","note":"edited",')
        Files.write(j, all)
        Files.createFile(dir.resolve('go'))
        def linesBefore = Files.readAllLines(j).size()

        when:
        def refused = CliRun.of('resume', failedId, '--yes', '--journal', store.toString())

        then:
        refused.exitCode == 4
        refused.err.contains("runbook: cannot resume $failedId: journal altered at event ${seqOf(all[at])}")
        refused.err.contains('--accept-altered-journal')
        Files.readAllLines(j).size() == linesBefore
        !refused.hasStackTrace

        when:
        def accepted = CliRun.of('resume', failedId, '--yes', '--accept-altered-journal', '--journal', store.toString())

        then:
        accepted.exitCode == 0
        accepted.out.contains('resumed anyway (--accept-altered-journal)')
        Files.readAllLines(j).find { it.contains('"type":"run.resumed"') }.contains('"alteredJournalAccepted":"journal altered at event')
    }
}
