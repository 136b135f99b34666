package dev.runbook.approvals

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** The team file's words for the team page: a member's {@code email:}, and {@code serve login:} naming the server. */
class ServeTeamFileSpec extends Specification {
    @TempDir Path tmp

    private Path team(String body) {
        Files.writeString(tmp.resolve('team.groovy'), "team {\n$body\n}\n")
    }

    def "email: maps a signed-in address to the member; serve names the server's OS user or database role"() {
        when:
        def t = new RunbookCompiler().compileTeam(team("""
    member 'alice', role: 'lead', email: 'Alice@Example.com'
    member 'bob', role: 'manager'
    serve login: 'runbook-web', dbRole: 'runbook_web'"""))

        then:
        t.memberByEmail('alice@example.com').get().name() == 'alice'
        t.memberByEmail('bob@example.com').isEmpty()
        t.serve().login() == 'runbook-web'
        t.serve().dbRole() == 'runbook_web'
        !t.member('alice').get().identity().bound() // an address alone proves nothing to the run
    }

    def "a team file without serve names no server"() {
        expect:
        new RunbookCompiler().compileTeam(team("    member 'alice', role: 'lead', email: 'alice@example.com'")).serve() == null
    }

    def "mistakes are reported with what to write: #body"() {
        when:
        new RunbookCompiler().compileTeam(team(body))

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString().any { it.contains(says) }

        where:
        body                                                  | says
        "    member 'alice', role: 'lead', email: 'alice'"   | "email: 'alice' is not an e-mail address"
        "    member 'alice', role: 'lead'\n    serve user: 'x'" | "unknown option 'user:'"
        "    member 'alice', role: 'lead'\n    serve([:])"    | 'serve says neither login: nor dbRole:'
    }
}
