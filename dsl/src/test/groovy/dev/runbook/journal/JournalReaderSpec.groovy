package dev.runbook.journal

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/** Reading a journal back after a crash: a torn last line is told and cut off on reopen; any other damage is refused. */
class JournalReaderSpec extends Specification {
    @TempDir
    Path dir

    def "a last line torn by a crash is left out and told, and reopening cuts it off so the next event starts a line"() {
        given:
        def journal = FileJournal.create(dir)
        journal.append(new Event(1, Instant.parse('2026-11-23T10:00:00Z'), 'run.started', [run: 'r1']), true)
        journal.append(new Event(2, Instant.parse('2026-11-23T10:00:01Z'), 'step.started', [step: 'A']), true)
        journal.close()
        def file = dir.resolve('journal.jsonl')
        long complete = Files.size(file)
        Files.writeString(file, '{"seq":3,"ts":"2026-11-23T10:0', java.nio.file.StandardOpenOption.APPEND)

        when:
        def contents = JournalReader.readContents(dir)

        then:
        contents.events()*.type() == ['run.started', 'step.started']
        contents.tornLine().startsWith('the last line (3) of')
        contents.tornLine().contains('incomplete')
        contents.validBytes() == complete

        when:
        def reopened = FileJournal.reopen(dir, contents.validBytes())
        reopened.append(new Event(3, Instant.parse('2026-11-23T10:00:02Z'), 'run.resumed', [:]), true)
        reopened.close()
        def after = JournalReader.readContents(dir)

        then:
        after.tornLine() == null
        after.events()*.seq() == [1L, 2L, 3L]
    }

    def "a complete last event whose newline was lost still counts, and the resumed run adds the newline"() {
        given:
        def file = dir.resolve('journal.jsonl')
        Files.writeString(file, '{"seq":1,"ts":"2026-11-23T10:00:00Z","type":"run.started"}', StandardCharsets.UTF_8)

        when:
        def contents = JournalReader.readContents(dir)
        def reopened = FileJournal.reopen(dir, contents.validBytes())
        reopened.append(new Event(2, Instant.parse('2026-11-23T10:00:01Z'), 'run.resumed', [:]), true)
        reopened.close()

        then:
        contents.tornLine() == null
        contents.events().size() == 1
        JournalReader.read(dir)*.type() == ['run.started', 'run.resumed']
    }

    def "damage before the last line is refused with the line number and what is wrong"() {
        given:
        Files.write(dir.resolve('journal.jsonl'), lines)

        when:
        JournalReader.readContents(dir)

        then:
        def e = thrown(JournalException)
        e.message.startsWith("line $bad of ")
        e.message.contains(says)

        where:
        lines                                                                  | bad | says
        ['{"seq":1,"ts":"2026-11-23T10:00:00Z","type":"a"}', 'garbage', '{"seq":3,"ts":"2026-11-23T10:00:00Z","type":"c"}'] | 2 | 'not JSON'
        ['{"seq":2,"ts":"2026-11-23T10:00:00Z","type":"a"}', '{"seq":2,"ts":"2026-11-23T10:00:00Z","type":"b"}'] | 2 | 'has seq 2 after seq 2'
        ['{"seq":1,"ts":"yesterday","type":"a"}', '{"seq":2,"ts":"2026-11-23T10:00:00Z","type":"b"}']           | 1 | "ts 'yesterday' is not a UTC time"
        ['{"seq":1,"type":"a"}', '{"seq":2,"ts":"2026-11-23T10:00:00Z","type":"b"}']                              | 1 | 'no ts'
    }
}
