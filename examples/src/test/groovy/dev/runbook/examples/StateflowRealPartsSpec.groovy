package dev.runbook.examples

import com.sun.net.httpserver.HttpServer
import dev.runbook.integrations.testing.PgServer
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.sql.DriverManager
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/**
 * examples/stateflow/database-pitr-restore.groovy run for real with `runbook exec`: a real PostgreSQL (pg_dump,
 * pg_restore/psql and JDBC checks against it), a real S3 API (S3Mock) holding StateFlow's backups, and a real HTTP
 * health endpoint whose answer depends on the restored database. Only the Docker Compose CLI is a stub on PATH (it
 * records the stop and start of the writers): this machine has no Docker engine for a StateFlow stack.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
class StateflowRealPartsSpec extends Specification {
    static final String BUCKET = 'stateflow-backups'

    @TempDir
    Path tmp

    PgServer pg = PgServer.get()
    List<String> slack = new CopyOnWriteArrayList<>()
    HttpServer web

    def cleanup() {
        web?.stop(0)
    }

    def "restores the newest S3 backup before the incident into PostgreSQL, with the writers stopped and started around it"() {
        given: 'StateFlow data as it was at 09:00, backed up then, and again (with the damage) at 10:00'
        StateflowIncident.dataAt0900(pg)
        def s3 = LocalS3.client()
        s3.createBucket { it.bucket(BUCKET) }
        StateflowIncident.backUp(pg, s3, BUCKET, 'postgres/stateflow_20261126T090000Z.sql.gz', tmp)
        StateflowIncident.damageAt0945(pg) // the incident at 09:40: a bad release deletes a board's tasks and rewrites the others
        StateflowIncident.backUp(pg, s3, BUCKET, 'postgres/stateflow_20261126T100000Z.sql.gz', tmp)

        and: 'a health endpoint that is healthy when the database has its boards, a Slack webhook, and the compose CLI stub'
        int port = serve()
        Path bin = stubDocker()
        Path composeFile = tmp.resolve('docker-compose.prod.yml')
        Files.writeString(composeFile, 'services:\n  api:\n    image: stateflow/api:v2.4.0\n  worker:\n    image: stateflow/worker:v2.4.0\n')

        when:
        def run = exec(['exec', 'examples/stateflow/database-pitr-restore.groovy',
                        '-p', 'incidentStart=2026-11-26T09:40:00Z', '-p', "composeFile=${composeFile}".toString(),
                        '-p', "healthUrl=http://127.0.0.1:${port}/api/health".toString(),
                        '--yes', '--confirm', 'RESTORE', '--approved-by', 'dana', '--journal', tmp.resolve('runs').toString()],
                       pg.env() + LocalS3.env() + [PATH: "${bin}:${System.getenv('PATH')}".toString(),
                                                    SLACK_WEBHOOK: "http://127.0.0.1:${port}/slack".toString()])

        then: 'the run succeeded and the data is the 09:00 backup again'
        run.exitCode == 0
        pg.psql('stateflow', 'SELECT string_agg(title, \',\' ORDER BY id) FROM tasks').trim() == 'Write the post,Pick a date,Screen CVs'

        and: 'the state before the restore was kept in S3, for the post-mortem'
        def emergency = s3.listObjectsV2 { it.bucket(BUCKET).prefix('emergency/') }.contents()*.key()
        emergency.size() == 1
        emergency[0].endsWith('/stateflow-before-restore.dump')

        and: 'the writers were stopped before and started after, and the team was told which backup it was'
        def docker = Files.readAllLines(bin.resolve('docker.calls')).findAll { !it.endsWith('compose version') }
        docker.findIndexOf { it.endsWith('stop api worker') } < docker.findIndexOf { it.endsWith('start api worker') }
        slack.any { it.contains('restored to postgres/stateflow_20261126T090000Z.sql.gz (before 2026-11-26T09:40:00Z)') }

        and: 'no secret reached the journal'
        def journal = Files.walk(tmp.resolve('runs')).withCloseable { s -> s.filter { it.fileName.toString() == 'journal.jsonl' }.findFirst().get() }
        !Files.readString(journal).contains(PgServer.PASSWORD)
        !Files.readString(journal).contains(LocalS3.SECRET_KEY)
    }

    /** /api/health answers 200 {"database":"connected"} while the stateflow database has its boards; /slack records. */
    private int serve() {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        web.createContext('/api/health') { exchange ->
            int status = 503
            try (def c = DriverManager.getConnection(pg.jdbcUrl('stateflow'), PgServer.USER, PgServer.PASSWORD)) {
                def rs = c.createStatement().executeQuery('SELECT count(*) FROM boards')
                rs.next()
                status = rs.getInt(1) > 0 ? 200 : 503
            } catch (Exception ignored) {
                status = 503
            }
            byte[] body = (status == 200 ? '{"database":"connected"}' : '{"database":"unavailable"}').bytes
            exchange.responseHeaders.add('Content-Type', 'application/json')
            exchange.sendResponseHeaders(status, body.length)
            exchange.responseBody.withCloseable { it.write(body) }
        }
        web.createContext('/slack') { exchange ->
            slack << exchange.requestBody.text
            exchange.sendResponseHeaders(200, 2)
            exchange.responseBody.withCloseable { it.write('ok'.bytes) }
        }
        web.start()
        web.address.port
    }

    /** `docker compose ...` that records its arguments and succeeds: the one part not run for real. */
    private Path stubDocker() {
        Path bin = Files.createDirectories(tmp.resolve('bin'))
        Path docker = bin.resolve('docker')
        Files.writeString(docker, '#!/usr/bin/env bash\nprintf \'%s\\n\' "$*" >> "$(dirname "$0")/docker.calls"\n' +
                '[ "$1 $2" = "compose version" ] && echo "Docker Compose version v2.29.7"\nexit 0\n')
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString('rwxr-xr-x'))
        bin
    }

    /** `runbook exec` as a user runs it: the CLI jar of this build, in its own process, stdin from /dev/null. */
    private Map exec(List<String> args, Map<String, String> env) {
        def jar = new File('repl/target/lib/runbook.jar')
        assert jar.file: "build the CLI first (mvn -pl repl -am package): no ${jar.absolutePath}"
        def pb = new ProcessBuilder([Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-jar', jar.path] + args)
        pb.environment().putAll(env)
        pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        pb.redirectErrorStream(true)
        def out = tmp.resolve('exec.out')
        pb.redirectOutput(out.toFile())
        def p = pb.start()
        assert p.waitFor(3, TimeUnit.MINUTES): "runbook exec did not end within 3 minutes:\n${Files.readString(out)}"
        println Files.readString(out)
        [exitCode: p.exitValue(), out: Files.readString(out)]
    }
}
