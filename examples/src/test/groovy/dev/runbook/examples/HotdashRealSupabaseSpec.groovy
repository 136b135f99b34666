package dev.runbook.examples

import com.sun.net.httpserver.HttpServer
import dev.runbook.compile.RunbookCompiler
import dev.runbook.compile.TeamFiles
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.JournalReader
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/**
 * examples/hotdash/supabase-migration-rollback.groovy through the real supabase and pg integrations and engine, with
 * HotDash's database a real PostgreSQL (pg_dump backup, the rollback files run over JDBC in one transaction) and the
 * Supabase CLI a stub on the run's PATH (no Supabase here) that answers `supabase migration list` the way the CLI
 * does: its table of the project's supabase/migrations folder against the database's
 * supabase_migrations.schema_migrations, read with psql. So "Supabase agrees" checks what the rollback really did.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class HotdashRealSupabaseSpec extends Specification {
    /** HotDash's migrations: the first two stay, the next two are the ones to undo, the last is written but not pushed. */
    static final Map<String, String> MIGRATIONS = [
            '20261101090000_dashboards'  : 'CREATE TABLE dashboards (id int PRIMARY KEY, name text NOT NULL);',
            '20261118120000_deals'       : 'CREATE TABLE deals (id int PRIMARY KEY, dashboard_id int REFERENCES dashboards, amount numeric NOT NULL);',
            '20261124100000_deal_forecast': 'ALTER TABLE deals ADD COLUMN forecast numeric;',
            '20261125150000_deal_events' : 'CREATE TABLE deal_events (id bigserial PRIMARY KEY, deal_id int REFERENCES deals, kind text NOT NULL);',
            '20261126080000_deal_owner'  : 'ALTER TABLE deals ADD COLUMN owner text;']
    static final Map<String, String> ROLLBACKS = [
            '20261124100000': 'ALTER TABLE deals DROP COLUMN forecast;',
            '20261125150000': 'DROP TABLE deal_events;']

    @TempDir Path tmp
    PgServer pg = PgServer.get()
    String db
    Path project
    Path bin
    HttpServer slackServer
    List<String> slack = new CopyOnWriteArrayList<>()

    def setup() {
        db = pg.freshDatabase('hotdash')
        // the database as `supabase db push` left it: every migration but the last applied and recorded
        pg.psql(db, 'CREATE SCHEMA supabase_migrations; CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);')
        MIGRATIONS.entrySet().take(4).each { m ->
            def (version, name) = m.key.split('_', 2)
            pg.psql(db, m.value + " INSERT INTO supabase_migrations.schema_migrations VALUES ('${version}', ARRAY[\$\$${m.value}\$\$], '${name}');")
        }
        pg.psql(db, "INSERT INTO dashboards VALUES (1, 'EMEA sales'); INSERT INTO deals VALUES (7, 1, 12000, 15000); INSERT INTO deal_events (deal_id, kind) VALUES (7, 'won');")

        project = Files.createDirectories(tmp.resolve('hotdash'))
        Path migrations = Files.createDirectories(project.resolve('supabase/migrations'))
        MIGRATIONS.each { file, sql -> Files.writeString(migrations.resolve("${file}.sql"), sql + '\n') }
        Path rollbacks = Files.createDirectories(project.resolve('supabase/rollbacks'))
        ROLLBACKS.each { version, sql -> Files.writeString(rollbacks.resolve("rollback_${version}.sql"), sql + '\n') }

        bin = stubSupabase()
        slackServer = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        slackServer.createContext('/slack') { ex ->
            slack << ex.requestBody.text
            ex.sendResponseHeaders(200, 2)
            ex.responseBody.withCloseable { it.write('ok'.bytes) }
        }
        slackServer.start()
    }

    def cleanup() {
        slackServer?.stop(0)
    }

    def "a manager approves, the database is dumped, the two newer migrations are undone for real and Supabase lists the target as the newest"() {
        when:
        def result = run('20261118120000')

        then: 'the schema is back at 20261118120000 and the data in it is untouched'
        result.outcome().label() == 'succeeded'
        tables() == ['dashboards', 'deals']
        columns('deals') == ['id', 'dashboard_id', 'amount']
        pg.psql(db, 'SELECT amount FROM deals WHERE id = 7').trim() == '12000'
        applied() == ['20261101090000', '20261118120000']

        and: 'the Supabase CLI was asked for the linked project\'s history in the project folder, before and after'
        supabaseCalls() == [[project.toRealPath().toString(), 'migration', 'list', '--linked']] * 2
        result.steps()['Read the migration history'].value == '20261124100000 20261125150000'

        and: 'the backup is a real dump of the database as it was, with the table that is gone now'
        def backup = Path.of(result.steps()['Back up the database'].value as String)
        backup.startsWith(result.runDir())
        dumpedTables(backup).containsAll(['dashboards', 'deals', 'deal_events'])

        and: 'the journal has the calls in order, all on HotDash\'s database, the manager before the backup, and no password'
        def events = JournalReader.read(result.runDir())
        def calls = events.findAll { it.type() == 'integration.call' }
        calls.collect { "${it.str('integration')} ${it.str('action')}".toString() } ==
                ['supabase migrations', 'pg dump', 'pg connect', 'pg migrations.applied', 'pg migrations.rollback', 'supabase migrations', 'notify slack']
        calls.findAll { it.str('integration') == 'pg' }*.str('target').unique() == ["postgresql://postgres@127.0.0.1:${pg.port}/${db}".toString()]
        events.find { it.type() == 'approval.granted' }.data().by == 'dora'
        events.findIndexOf { it.type() == 'approval.granted' } < events.findIndexOf { it.type() == 'integration.call' && it.str('action') == 'dump' }
        !leaked(result)

        and: 'the team is told what was undone and where the backup is'
        slack.size() == 1
        slack[0].contains('HotDash schema rolled back to 20261118120000: undid 20261124100000 20261125150000. Backup: ')
        slack[0].contains('hotdash-before-migration-rollback.dump')
    }

    def "a rollback file that fails undoes nothing: the transaction is rolled back and the team learns where the backup is"() {
        given: 'the forecast rollback has a typo in the column name'
        Files.writeString(project.resolve('supabase/rollbacks/rollback_20261124100000.sql'), 'ALTER TABLE deals DROP COLUMN forcast;\n')

        when:
        def result = run('20261118120000')

        then: 'deal_events, dropped first, is back: nothing changed'
        result.outcome().label() == 'failed'
        result.failure().step == 'Undo the migrations'
        result.failure().message.contains('rollback_20261124100000.sql')
        result.failure().message.contains('column "forcast" of relation "deals" does not exist')
        result.failure().message.contains('the transaction was rolled back: nothing changed')
        tables() == ['dashboards', 'deal_events', 'deals']
        applied() == ['20261101090000', '20261118120000', '20261124100000', '20261125150000']

        and: 'Supabase was read once, before; the backup was taken and is named in the message'
        supabaseCalls().size() == 1
        slack.size() == 1
        slack[0].contains("HotDash migration rollback FAILED at 'Undo the migrations'")
        slack[0].contains('The backup taken first: ')
        slack[0].contains('hotdash-before-migration-rollback.dump')
        !leaked(result)
    }

    def "a version the linked project has not applied is refused before a manager is asked, and nothing is touched"() {
        when:
        def result = run('20261126080000')

        then: 'it is written locally but never pushed: Supabase lists it as pending'
        result.outcome().label() == 'failed'
        result.failure().step == 'Read the migration history'
        result.failure().message.contains('20261126080000 is not applied on the linked project (applied: 20261101090000, 20261118120000, 20261124100000, 20261125150000)')
        def events = JournalReader.read(result.runDir())
        !events.any { it.type().startsWith('approval.') }
        events.findAll { it.type() == 'integration.call' }*.str('integration') == ['supabase', 'notify']
        applied().size() == 4
        slack.size() == 1
        slack[0].contains("FAILED at 'Read the migration history'")
        !slack[0].contains('backup')
    }

    /** Runs the runbook as `runbook exec` would, in this JVM, with the team file beside it. */
    private RunResult run(String toVersion) {
        def file = Path.of('examples/hotdash/supabase-migration-rollback.groovy')
        def compiler = new RunbookCompiler()
        def runbook = compiler.compile(file)
        def team = TeamFiles.load(null, file, Path.of(''), compiler)
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll([PATH: "${bin}:${System.getenv('PATH')}".toString(), SUPABASE_DB_URL: pg.url(db), SUPABASE_ACCESS_TOKEN: 'sbp_hotdash_token_51c2',
                    SLACK_WEBHOOK: "http://127.0.0.1:${slackServer.address.port}/slack".toString()])
        def options = RunOptions.defaults([toVersion: toVersion, project: project.toString(), rollbacksDir: project.resolve('supabase/rollbacks').toString()])
                .withEnvironment(env).withRunsRoot(tmp.resolve('runs')).withApprovedBy(['dora']).withOperatorName('oncall')
        RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader), team).withCloseable {
            it.runToEnd()
        }
    }

    /**
     * `supabase migration list --linked` as the CLI prints it without a terminal: LOCAL from supabase/migrations in
     * the folder it runs in, REMOTE from the linked project's schema_migrations (here: the database SUPABASE_DB_URL
     * names), a blank cell where a side lacks the version. Each call is recorded with its folder.
     */
    private Path stubSupabase() {
        Path dir = Files.createDirectories(tmp.resolve('bin'))
        Path script = dir.resolve('supabase')
        Files.writeString(script, '''\
            #!/usr/bin/env bash
            (IFS=$'\\t'; printf '%s\\t%s\\n' "$PWD" "$*") >> "$(dirname "$0")/supabase.calls"
            if [ "$1 $2" != "migration list" ]; then echo "Error: unknown command \\"$1\\" for \\"supabase\\"" >&2; exit 1; fi
            echo 'Connecting to remote database...' >&2
            remote=$(psql "$SUPABASE_DB_URL" -X -q -t -A -c 'SELECT version FROM supabase_migrations.schema_migrations') || exit 1
            local=$(ls supabase/migrations 2>/dev/null | sed -n 's/^\\([0-9]\\{14\\}\\)_.*\\.sql$/\\1/p')
            printf '\\n  \\n        LOCAL      │     REMOTE     │     TIME (UTC)\\n'
            printf '  ─────────────────┼────────────────┼──────────────────────\\n'
            for v in $(printf '%s\\n' $local $remote | sort -u); do
              l=$(grep -qx "$v" <<< "$local" && echo "$v"); r=$(grep -qx "$v" <<< "$remote" && echo "$v")
              printf '    %14s │ %14s │ %s\\n' "$l" "$r" "${v:0:4}-${v:4:2}-${v:6:2} ${v:8:2}:${v:10:2}:${v:12:2}"
            done
            echo
            '''.stripIndent())
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString('rwxr-xr-x'))
        dir
    }

    private List<List<String>> supabaseCalls() {
        Path f = bin.resolve('supabase.calls')
        Files.exists(f) ? Files.readAllLines(f).collect { it.split('\t', -1) as List<String> } : []
    }

    private List<String> applied() {
        pg.psql(db, 'SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1').readLines()*.trim().findAll()
    }

    private List<String> tables() {
        pg.psql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").readLines()*.trim().findAll()
    }

    private List<String> columns(String table) {
        pg.psql(db, "SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position").readLines()*.trim().findAll()
    }

    /** The tables in a dump, from pg_restore's table of contents. */
    private static List<String> dumpedTables(Path dump) {
        def p = new ProcessBuilder('pg_restore', '--list', dump.toString()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0: "pg_restore --list ${dump} failed: ${out}"
        out.readLines().findAll { it.contains(' TABLE public ') }.collect { it.tokenize(' ')[5] }
    }

    /** Whether the database password or the Supabase token reached the journal or Slack. */
    private boolean leaked(RunResult result) {
        String journal = result.runDir().resolve('journal.jsonl').toFile().text
        [PgServer.PASSWORD, URLEncoder.encode(PgServer.PASSWORD, 'UTF-8'), 'sbp_hotdash_token_51c2'].any { s ->
            journal.contains(s) || slack.any { it.contains(s) }
        }
    }
}
