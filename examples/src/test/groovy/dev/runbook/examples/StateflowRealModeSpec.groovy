package dev.runbook.examples

import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PrivateDockerEngine
import software.amazon.awssdk.services.s3.S3Client
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * Real-parts mode in CI: the StateFlow container-rollback and PITR-restore specs beside their runbooks (the very
 * files `mvn test` runs with fakes) run again with `runbook test --real`, against parts started here: a private
 * dockerd, PostgreSQL and S3Mock. Each feature prepares the world the spec expects, runs the spec file through the
 * packaged CLI in its own process, and then checks the real state: which image the containers run, which rows the
 * tables hold. RUNBOOK_REQUIRE_REAL_PARTS=1 is set for those runs, so a part the CLI could not reach fails them.
 */
class StateflowRealModeSpec extends Specification {
    static final String CONTAINER_SPEC = 'examples/stateflow/StateflowContainerRollbackSpec.groovy'
    static final String PITR_SPEC = 'examples/stateflow/StateflowDatabasePitrRestoreSpec.groovy'
    static final String BUCKET = 'stateflow-backups'

    @TempDir
    Path tmp

    def "without DOCKER_HOST, --real skips the docker features naming the variable, and RUNBOOK_REQUIRE_REAL_PARTS=1 fails them"() {
        when: 'no endpoint is configured'
        def skipped = runbookTest([:], CONTAINER_SPEC)

        then: 'the two @RealParts features are skipped with what to set; the three fakes-only ones are skipped as such'
        skipped.exitCode == 0
        skipped.out.contains('0 passed, 0 failed, 5 skipped')
        skipped.out.contains('skipped 2: the real parts are not configured — docker: set DOCKER_HOST to the Docker Engine')
        skipped.out.contains('skipped 3: fakes only')

        when: 'CI says a missing part must fail'
        def failed = runbookTest([RUNBOOK_REQUIRE_REAL_PARTS: '1'], CONTAINER_SPEC)

        then:
        failed.exitCode == 1
        failed.out.contains('0 passed, 2 failed, 3 skipped')
        failed.out.contains('docker: set DOCKER_HOST')
        failed.out.contains('RUNBOOK_REQUIRE_REAL_PARTS=1: a missing part fails the run')
    }

    def "without --real the same spec file runs with fakes: every feature passes and nothing needs an endpoint"() {
        when:
        def run = runbookTest([RUNBOOK_REQUIRE_REAL_PARTS: '1'], CONTAINER_SPEC, false)

        then:
        run.exitCode == 0
        run.out.contains('5 passed, 0 failed, 0 skipped')
    }

    @Requires(value = { PrivateDockerEngine.runnable() }, reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh)')
    def "the container rollback spec, run --real against a private dockerd, leaves the api and the worker really running v2.3.1"() {
        given: 'StateFlow on one Docker host: api and worker run the broken v2.4.0, v2.3.1 is on the host, the api logs a TypeError'
        def engine = PrivateDockerEngine.get()
        engine.removeAllContainers()
        ['api', 'worker'].each { String app ->
            engine.docker('tag', 'local/busybox:1', "stateflow/${app}:v2.3.1")
            engine.docker('tag', 'local/busybox:2', "stateflow/${app}:v2.4.0")
            engine.docker('run', '-d', '--name', "stateflow-${app}-1", '--network', 'none', '--restart', 'unless-stopped',
                    '-e', 'DATABASE_URL=postgres://stateflow@db/stateflow', "stateflow/${app}:v2.4.0",
                    '/bin/sh', '-c', 'echo "TypeError: cannot read properties of undefined" >&2; ' + PrivateDockerEngine.IDLE)
        }

        when:
        def run = runbookTest([DOCKER_HOST: engine.host, RUNBOOK_REQUIRE_REAL_PARTS: '1'], CONTAINER_SPEC)

        then: 'the two features marked @RealParts passed for real, in real time (each waited out its 20 s settle)'
        run.exitCode == 0
        run.out.contains('2 passed, 0 failed, 3 skipped')
        run.out.contains('skipped 3: fakes only')

        and: 'the engine says so too: both containers run the previous image, keep their env and restart policy, and the originals are gone'
        ['api', 'worker'].each { String app ->
            assert engine.docker('inspect', '-f', '{{.Config.Image}} {{.State.Running}} {{.HostConfig.RestartPolicy.Name}}', "stateflow-${app}-1") ==
                    "stateflow/${app}:v2.3.1 true unless-stopped"
            assert engine.docker('inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', "stateflow-${app}-1").contains('DATABASE_URL=postgres://stateflow@db/stateflow')
        }
        engine.docker('ps', '-a', '--format', '{{.Names}}').readLines().sort() == ['stateflow-api-1', 'stateflow-worker-1']

        cleanup:
        if (PrivateDockerEngine.runnable() && PrivateDockerEngine.missing().isEmpty()) PrivateDockerEngine.get().removeAllContainers()
    }

    @Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
    def "the PITR restore spec, run --real against PostgreSQL and S3Mock, leaves the tables holding the rows of the 09:00 backup"() {
        given: 'StateFlow data at 09:00, backed up then; the 09:45 damage; a 10:00 backup with the damage in it'
        def pg = PgServer.get()
        StateflowIncident.dataAt0900(pg)
        def s3 = LocalS3.client()
        s3.listBuckets().buckets()*.name().contains(BUCKET) ? emptyBucket(s3) : s3.createBucket { it.bucket(BUCKET) }
        StateflowIncident.backUp(pg, s3, BUCKET, 'postgres/stateflow_20261126T090000Z.sql.gz', tmp)
        StateflowIncident.damageAt0945(pg)
        StateflowIncident.backUp(pg, s3, BUCKET, 'postgres/stateflow_20261126T100000Z.sql.gz', tmp)

        when:
        // PostgreSQL given as one URL (password included): real mode hands the integration its libpq variables
        def run = runbookTest([RUNBOOK_PG_URL: pg.url('stateflow')] + LocalS3.env() + [RUNBOOK_REQUIRE_REAL_PARTS: '1'], PITR_SPEC)

        then: 'the happy path passed for real; the features that script failures were skipped as fakes only'
        run.exitCode == 0
        run.out.contains('1 passed, 0 failed, 5 skipped')

        and: 'the database really holds the 09:00 rows again, and nothing after the incident'
        pg.psql('stateflow', "SELECT string_agg(title, ',' ORDER BY id) FROM tasks").trim() == 'Write the post,Pick a date,Screen CVs'
        pg.psql('stateflow', "SELECT count(*) FROM tasks WHERE updated_at >= '2026-11-26T09:40:00Z'").trim() == '0'

        and: 'the state before the restore (the damaged rows) was really saved to S3'
        def emergency = s3.listObjectsV2 { it.bucket(BUCKET).prefix('emergency/') }.contents()*.key()
        emergency.size() == 1
        emergency[0].endsWith('/stateflow-before-restore.dump')

        and: 'no secret reached the console'
        !run.out.contains(PgServer.PASSWORD)
        !run.out.contains(LocalS3.SECRET_KEY)

        cleanup: 'the S3Mock is shared by this JVM: StateflowRealPartsSpec creates the bucket itself'
        if (s3 != null) {
            emptyBucket(s3)
            s3.deleteBucket { it.bucket(BUCKET) }
        }
    }

    private Map runbookTest(Map<String, String> env, String spec, boolean real = true) {
        RunbookTestProcess.run(env, spec, real, tmp)
    }

    /** Another spec of this JVM (StateflowRealPartsSpec) may have filled the bucket: start from an empty one. */
    private static void emptyBucket(S3Client s3) {
        s3.listObjectsV2 { it.bucket(BUCKET) }.contents()*.key().each { String key -> s3.deleteObject { it.bucket(BUCKET).key(key) } }
    }

}
