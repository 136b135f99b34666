package dev.runbook.integrations.s3

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.pg.PgFixtures
import dev.runbook.integrations.pg.PgProvider
import dev.runbook.integrations.pg.PgRestoreFaultSpec
import dev.runbook.integrations.testing.CuttingProxy
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.integrations.testing.S3K8sTestContext
import dev.runbook.integrations.testing.SmallDisk
import software.amazon.awssdk.core.sync.RequestBody
import software.amazon.awssdk.services.s3.S3Client
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Downloads that go wrong against a real S3 API (S3Mock): the object is not there, the connection ends half-way,
 * the disk fills, the object itself was uploaded cut short. The call fails (or, for a cut object, the restore
 * refuses it) and no file that looks like a backup is left behind.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang is a failure, not a stuck build; nothing waits on time below
class S3FaultSpec extends Specification {
    private static final AtomicInteger BUCKETS = new AtomicInteger()

    @Shared S3Client store = LocalS3Mock.client()
    String bucket = "faults-${BUCKETS.incrementAndGet()}"
    Path dir = Files.createTempDirectory('s3-faults')

    def setup() {
        store.createBucket { it.bucket(bucket) }
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    private S3Integration s3(Map<String, String> env = LocalS3Mock.environment()) {
        new S3Provider().create(new S3K8sTestContext(env, false, [LocalS3Mock.SECRET_KEY])) as S3Integration
    }

    private byte[] put(String key, int size) {
        byte[] data = new byte[size]
        new Random(19).nextBytes(data)
        store.putObject({ it.bucket(bucket).key(key) }, RequestBody.fromBytes(data))
        data
    }

    def "a missing object fails the download, naming it, and writes nothing"() {
        when:
        s3().download(bucket, 'backups/shop_20240115T031500Z.sql.gz', to: dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains("s3://${bucket}/backups/shop_20240115T031500Z.sql.gz")
        !e.message.contains(LocalS3Mock.SECRET_KEY)
        Files.list(dir).withCloseable { it.toList() } == []
    }

    def "a download cut off in transit fails and leaves no file, not even a partial one"() {
        given:
        put('backups/shop.dump', 200_000)
        def proxy = new CuttingProxy(URI.create(LocalS3Mock.endpoint()), 50_000)
        def env = LocalS3Mock.environment() + [AWS_ENDPOINT_URL_S3: proxy.endpoint()]

        when:
        s3(env).download(bucket, 'backups/shop.dump', to: dir)

        then:
        thrown(StepFailure)
        Files.list(dir).withCloseable { it.toList() } == []

        cleanup:
        proxy?.close()
    }

    @Requires(value = { SmallDisk.mountable() }, reason = 'mounting a small tmpfs (a disk that fills) needs root')
    def "a disk that fills during the download fails it and leaves the disk empty"() {
        given:
        put('backups/big.dump', 1_000_000)
        SmallDisk disk = SmallDisk.mount('128k')

        when:
        s3().download(bucket, 'backups/big.dump', to: disk.dir)

        then:
        def e = thrown(StepFailure)
        e.message.contains('No space left on device')
        disk.files() == []

        cleanup:
        disk?.close()
    }

    @Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
    def "an object uploaded cut short downloads, verifyBackup says so, and the restore refuses it: the database is as it was"() {
        given:
        PgServer server = PgServer.get()
        def pg = new PgProvider().create(new PgTestContext(server.env()))
        String shop = PgFixtures.freshShop(server, 's3cut')
        Path local = dir.resolve('made.sql.gz')
        pg.dump(shop, to: local)
        PgRestoreFaultSpec.cut(local, 0.5)
        store.putObject({ it.bucket(bucket).key('backups/shop_20240115T031500Z.sql.gz') }, RequestBody.fromFile(local))
        server.psql(shop, 'DELETE FROM orders WHERE id > 100')
        Path into = Files.createDirectories(dir.resolve('run'))

        when:
        def got = s3().download(bucket, 'backups/shop_20240115T031500Z.sql.gz', to: into)
        def check = pg.verifyBackup(got.file)
        pg.restore(shop, from: got.file, clean: true)

        then:
        got.size == Files.size(local)
        !check.ok
        check.problem.contains('gzip data is cut short or corrupt')
        thrown(StepFailure)
        server.psql(shop, 'SELECT count(*) FROM orders').trim() == '100'
    }
}
