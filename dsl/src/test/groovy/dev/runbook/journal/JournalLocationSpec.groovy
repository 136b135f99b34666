package dev.runbook.journal

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Where runs are journaled: a folder or a URL, from --journal or the team file, printed without its password. */
class JournalLocationSpec extends Specification {
    @TempDir Path tmp

    def "a password in a journal URL is masked wherever the location is printed: #url"() {
        expect:
        Locations.redact(url) == shown

        where:
        url                                                                  || shown
        'jdbc:postgresql://db.internal/runbook?user=ops&password=s3cret'     || 'jdbc:postgresql://db.internal/runbook?user=ops&password=***'
        'jdbc:postgresql://db.internal/runbook?password=s3cret&ssl=true'     || 'jdbc:postgresql://db.internal/runbook?password=***&ssl=true'
        'postgresql://ops:s3cret@db.internal:5432/runbook'                   || 'postgresql://ops:***@db.internal:5432/runbook'
        'jdbc:postgresql://db.internal/runbook?user=ops'                     || 'jdbc:postgresql://db.internal/runbook?user=ops'
        '.runbook/runs'                                                      || '.runbook/runs'
    }

    def "a folder location opens the folder store; a URL nobody handles is refused with what to write"() {
        expect:
        RunStores.open(tmp.toString(), [:], getClass().classLoader).location() == tmp.toString()
        RunStores.open(null, [:], getClass().classLoader).location() == '.runbook/runs'

        when: 'the language module alone has no database store'
        RunStores.open('jdbc:postgresql://db.internal/runbook?password=s3cret', [:], getClass().classLoader)

        then:
        def e = thrown(JournalException)
        e.message == 'no journal store handles jdbc:postgresql://db.internal/runbook?password=*** — use a folder, or jdbc:postgresql://HOST[:PORT]/DATABASE'
    }

    def "the team file may say where the team's runs are journaled"() {
        given:
        Path f = tmp.resolve('team.groovy')
        Files.writeString(f, "team {\n    journal 'jdbc:postgresql://db.internal/runbook'\n}\n")

        expect:
        new RunbookCompiler().compileTeam(f).journal() == 'jdbc:postgresql://db.internal/runbook'
    }

    def "a team file that puts the journal's password in the URL is refused: team files are shared"() {
        given:
        Path f = tmp.resolve('team.groovy')
        Files.writeString(f, "team {\n    journal 'jdbc:postgresql://db.internal/runbook?user=ops&password=s3cret'\n}\n")

        when:
        new RunbookCompiler().compileTeam(f)

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["${f}:2:5: the journal URL holds a password, and team files are shared and committed — leave it out: set PGPASSWORD in the environment of whoever runs runbook".toString()]
    }
}
