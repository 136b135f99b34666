package dev.runbook.integrations.pg

import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.ConsoleRenderer
import dev.runbook.console.Style
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.PgServer
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Path

/** Issue 19, defect 12: the console names the database a create, rename or drop acted on (real PostgreSQL). */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class PgConsoleNamesSpec extends Specification {
    @Shared PgServer server
    @TempDir Path runs

    def setupSpec() {
        server = PgServer.get()
    }

    def "create, rename and drop say which database on the console"() {
        given:
        String db = "names_${System.nanoTime()}"
        def runbook = new RunbookCompiler(getClass().classLoader).compile("""
            runbook('db-names') {
                step('Create') { pg.createDatabase('${db}') }
                step('Rename') { pg.renameDatabase('${db}', '${db}_old') }
                step('Drop') { pg.dropDatabase('${db}_old') }
            }
        """, 'names.groovy')
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(server.env())
        def options = RunOptions.defaults([:]).withRunsRoot(runs).withEnvironment(env)
        def bytes = new ByteArrayOutputStream()

        when:
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        session.listen(new ConsoleRenderer(new PrintStream(bytes, true, 'UTF-8'), new Style(false)))
        def result
        try {
            result = session.runToEnd()
        } finally {
            session.close()
        }
        def console = bytes.toString(StandardCharsets.UTF_8)

        then:
        result.outcome() == Outcome.SUCCEEDED
        console.readLines().any { it.contains('pg createDatabase') && it.contains("database '${db}'") }
        console.readLines().any { it.contains('pg renameDatabase') && it.contains("database '${db}' → '${db}_old'") }
        console.readLines().any { it.contains('pg dropDatabase') && it.contains("database '${db}_old'") }
        !server.psql('postgres', "SELECT datname FROM pg_database WHERE datname LIKE '${db}%'").trim()
    }
}
