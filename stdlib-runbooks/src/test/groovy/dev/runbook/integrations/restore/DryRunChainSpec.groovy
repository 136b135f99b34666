package dev.runbook.integrations.restore

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.s3.LocalS3Mock
import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.JournalReader
import software.amazon.awssdk.core.sync.RequestBody
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 19, defect 10, on S3Mock and a real PostgreSQL: a dry run of download → restore goes on with would-be results
 * (the file it would have fetched is not there, and the restore says so instead of failing "no such file"), and
 * runs no failure handler for effects it did not cause.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class DryRunChainSpec extends Specification {
    @Shared PgServer server
    @TempDir Path runs
    String bucket = "dry-${System.nanoTime()}"

    def setupSpec() {
        server = PgServer.get()
    }

    def setup() {
        def s3 = LocalS3Mock.client()
        s3.createBucket { it.bucket(bucket) }
        s3.putObject({ it.bucket(bucket).key('backups/shop.sql.gz') }, RequestBody.fromString('not a real dump'))
    }

    private run(String text) {
        def runbook = new RunbookCompiler(getClass().classLoader).compile(text, 'dry.groovy')
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(LocalS3Mock.environment())
        env.putAll(server.env())
        def options = RunOptions.defaults([bucket: bucket]).withRunsRoot(runs).withEnvironment(env).withDryRun(true)
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        try {
            session.runToEnd()
        } finally {
            session.close()
        }
    }

    def "download then restore: a dry run carries on with results that say they would be"() {
        when:
        def result = run('''
            runbook('dry-chain') {
                param 'bucket'
                step('Fetch and restore') {
                    def t = s3.download(params.bucket, 'backups/shop.sql.gz')
                    def r = pg.restore('shop_recovery', from: t.file.path, clean: true)
                    log "download wouldBe=${t.wouldBe} file=${t.file.name}; restore wouldBe=${r.wouldBe} from=${r.from.fileName}"
                    onFailure { log 'step onFailure ran' }
                }
                onFailure { log 'run onFailure ran' }
            }
        ''')
        def events = JournalReader.read(result.runDir())

        then:
        result.outcome() == Outcome.SUCCEEDED
        events.findAll { it.type() == 'step.log' }*.str('text') == ['download wouldBe=true file=shop.sql.gz; restore wouldBe=true from=shop.sql.gz']
        events.findAll { it.type() == 'integration.call' }.collect { "${it.str('action')}: ${it.str('outcome')}".toString() } ==
                ['download: dry-run', 'restore: dry-run']
        !Files.exists(result.runDir().resolve('shop.sql.gz'))
    }

    def "a database created earlier in the dry run is read as would-be, not as missing"() {
        given:
        String name = "dry_new_${System.nanoTime()}"

        when:
        def result = run("""
            runbook('dry-db') {
                param 'bucket'
                step('Create and read') {
                    def c = pg.createDatabase('${name}')
                    def db = pg.connect(database: '${name}')
                    log "create wouldBe=\${c.wouldBe}; count=\${db.count('orders')}; rows=\${db.query('SELECT 1').size()}"
                }
            }
        """)
        def events = JournalReader.read(result.runDir())

        then:
        result.outcome() == Outcome.SUCCEEDED
        events.findAll { it.type() == 'step.log' }*.str('text') == ['create wouldBe=true; count=0; rows=0']
        events.findAll { it.type() == 'integration.call' }.collect { "${it.str('action')}: ${it.str('outcome')}".toString() } ==
                ['createDatabase: dry-run', 'connect: dry-run', 'count: dry-run', 'query: dry-run']
        server.psql('postgres', "SELECT count(*) FROM pg_database WHERE datname = '${name}'").trim() == '0'
    }

    def "a dry run that fails runs no failure handler: it changed nothing for one to undo"() {
        when:
        def result = run('''
            runbook('dry-fail') {
                param 'bucket'
                step('Restore a file nobody fetched') {
                    pg.restore('shop_recovery', from: '/nonexistent/backup.sql')
                    onFailure { log 'step onFailure ran' }
                }
                onFailure { log 'run onFailure ran' }
                always { log 'always ran' }
            }
        ''')
        def events = JournalReader.read(result.runDir())

        then:
        result.outcome() == Outcome.FAILED
        events.findAll { it.type() == 'step.log' }*.str('text') == ['always ran']
        events.findAll { it.type() == 'handler.finished' }.collect { "${it.str('handler')}: ${it.str('status')}".toString() } ==
                ['step onFailure: skipped', 'onFailure: skipped', 'always: ok']
    }
}
