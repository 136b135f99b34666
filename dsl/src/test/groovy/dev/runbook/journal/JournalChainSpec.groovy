package dev.runbook.journal

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/**
 * The integrity chain on real journal files: a resumed journal goes on with the chain (after a torn line too), output
 * lines that show and report leave out unparsed are still held to it, and an edit to one of them shows.
 */
class JournalChainSpec extends Specification {
    @TempDir
    Path dir

    private static Event event(long seq, String type, Map data = [step: 'a']) {
        new Event(seq, Instant.parse('2026-12-06T12:00:00Z').plusSeconds(seq), type, data)
    }

    private void write(FileJournal j, long from, long to) {
        (from..to).each { j.append(event(it, it == 1 ? 'run.started' : it % 2 ? 'step.output' : 'step.finished', [step: 'a', line: "out $it".toString()]), true) }
    }

    def "a journal reopened by a resume goes on with the chain: all its events verify, the chain head is the last line's"() {
        given:
        def j = FileJournal.create(dir)
        write(j, 1, 4)
        j.close()
        def first = JournalReader.readContents(dir)

        when: 'reopened where the complete events end, as resume does, and written on'
        def again = FileJournal.reopen(dir, first.validBytes())
        write(again, 5, 7)
        again.close()
        def all = JournalReader.readContents(dir)

        then:
        first.integrity().status() == JournalChain.Integrity.Status.VERIFIED
        all.integrity().status() == JournalChain.Integrity.Status.VERIFIED
        all.events()*.seq() == [1L, 2L, 3L, 4L, 5L, 6L, 7L]
        all.chainHead() == JournalChain.carried(Files.readAllLines(dir.resolve('journal.jsonl')).last())
    }

    def "after a torn last line, the resumed journal cuts it off and the chain verifies"() {
        given:
        def j = FileJournal.create(dir)
        write(j, 1, 3)
        j.close()
        def file = dir.resolve('journal.jsonl')
        Files.writeString(file, Files.readString(file) + '{"chain":"00ab')
        def torn = JournalReader.readContents(dir)

        when:
        def again = FileJournal.reopen(dir, torn.validBytes())
        write(again, 4, 5)
        again.close()
        def all = JournalReader.readContents(dir)

        then:
        torn.tornLine() != null
        torn.integrity().status() == JournalChain.Integrity.Status.VERIFIED
        all.tornLine() == null
        all.integrity().status() == JournalChain.Integrity.Status.VERIFIED
        all.events().size() == 5
    }

    def "an edited output line is caught even when the reader leaves output lines out unparsed"() {
        given:
        def j = FileJournal.create(dir)
        write(j, 1, 6)
        j.close()
        def file = dir.resolve('journal.jsonl')
        def lines = Files.readAllLines(file)
        def edited = lines[2].replace('out 3', 'out X')
        assert edited != lines[2]
        lines[2] = edited
        Files.write(file, lines)

        when:
        def timeline = JournalReader.readContents(dir, [EventTypes.STEP_OUTPUT] as Set)

        then:
        timeline.events().every { it.type() != EventTypes.STEP_OUTPUT }
        timeline.integrity().altered()
        timeline.integrity().alteredAt() == 3
        timeline.integrity().message() ==
                'journal altered at event 3 (its content, or its place in the journal, is not what was written): what it says from there on is unverified'
    }

    def "a journal reopened that was written before the chain goes on without one, and says so"() {
        given:
        def file = dir.resolve('journal.jsonl')
        Files.writeString(file, '{"seq":1,"ts":"2026-12-06T12:00:00Z","type":"run.started","run":"r"}\n')

        when:
        def again = FileJournal.reopen(dir, Files.size(file))
        write(again, 2, 3)
        again.close()
        def all = JournalReader.readContents(dir)

        then:
        Files.readAllLines(file).every { !it.startsWith('{"chain"') }
        all.integrity().status() == JournalChain.Integrity.Status.NO_CHAIN
        all.integrity().message().startsWith('no integrity chain (written before 0.2.0)')
        all.events().size() == 3
    }
}
