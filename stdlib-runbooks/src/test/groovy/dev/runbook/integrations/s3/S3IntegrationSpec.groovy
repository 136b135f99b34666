package dev.runbook.integrations.s3

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.S3K8sTestContext
import software.amazon.awssdk.core.sync.RequestBody
import software.amazon.awssdk.services.s3.S3Client
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger

class S3IntegrationSpec extends Specification {
    private static final AtomicInteger BUCKETS = new AtomicInteger()

    @Shared S3Client store = LocalS3Mock.client()
    String bucket = "backups-${BUCKETS.incrementAndGet()}"
    S3K8sTestContext context = new S3K8sTestContext(LocalS3Mock.environment(), false, [LocalS3Mock.SECRET_KEY])
    S3Integration s3 = new S3Provider().create(context) as S3Integration

    def setup() {
        store.createBucket { it.bucket(bucket) }
    }

    private void put(String key, String content) {
        store.putObject({ it.bucket(bucket).key(key) }, RequestBody.fromString(content))
    }

    private String content(String key) {
        store.getObjectAsBytes { it.bucket(bucket).key(key) }.asUtf8String()
    }

    def "list returns every object under the prefix in key order with its size"() {
        given:
        put('backups/2024/01/15/shop_20240115T031500Z.sql.gz', 'abc')
        put('backups/2024/01/14/shop_20240114T031500Z.sql.gz', 'abcdef')
        put('other/readme.txt', 'x')

        when:
        def objects = s3.list(bucket, prefix: 'backups/')

        then:
        objects*.key == ['backups/2024/01/14/shop_20240114T031500Z.sql.gz', 'backups/2024/01/15/shop_20240115T031500Z.sql.gz']
        objects*.size == [6L, 3L]
        objects[0].uri == "s3://$bucket/backups/2024/01/14/shop_20240114T031500Z.sql.gz"
        objects[0].time == Instant.parse('2024-01-14T03:15:00Z')
        objects[0].timeSource == 'key'
        context.lastCall().subMap('integration', 'target', 'action', 'outcome', 'count') ==
                [integration: 's3', target: "s3://$bucket/backups/".toString(), action: 'list', outcome: 'ok', count: 2]
    }

    def "latest(before:) picks the newest backup taken before the incident, by the time in its key"() {
        given: 'backups uploaded out of order, so upload times say nothing about when they were taken'
        put('backups/2024/01/15/shop_20240115T031500Z.sql.gz', 'jan 15')
        put('backups/2024/01/13/shop_20240113T031500Z.sql.gz', 'jan 13')
        put('backups/2024/01/16/shop_20240116T031500Z.sql.gz', 'jan 16, after the incident')
        put('backups/2024/01/14/shop_20240114T031500Z.sql.gz', 'jan 14')
        put('backups/2024/01/15/manifest.json', '{}')

        when:
        def b = s3.latest(bucket, prefix: 'backups/', suffix: '.sql.gz', before: '2024-01-15T09:40:00Z')

        then:
        b.key == 'backups/2024/01/15/shop_20240115T031500Z.sql.gz'
        b.time == Instant.parse('2024-01-15T03:15:00Z')
        context.lastCall().subMap('action', 'outcome', 'before', 'key') ==
                [action: 'latest', outcome: 'ok', before: '2024-01-15T09:40:00Z', key: b.key]
    }

    def "latest(before:) takes an Instant and never returns a backup taken at or after it"() {
        given:
        put('backups/2024/01/15/shop_20240115T031500Z.sql.gz', 'a')
        put('backups/2024/01/14/shop_20240114T031500Z.sql.gz', 'b')

        expect:
        s3.latest(bucket, prefix: 'backups/', before: Instant.parse('2024-01-15T03:15:00Z')).key ==
                'backups/2024/01/14/shop_20240114T031500Z.sql.gz'
    }

    def "latest(before:) fails naming the oldest backup there when none is old enough"() {
        given:
        put('backups/2024/01/15/shop_20240115T031500Z.sql.gz', 'a')

        when:
        s3.latest(bucket, prefix: 'backups/', before: '2024-01-01')

        then:
        def e = thrown(StepFailure)
        e.message == "s3: no object under s3://$bucket/backups/ older than 2024-01-01T00:00:00Z — 1 there, the oldest taken" +
                " 2024-01-15T03:15:00Z (backups/2024/01/15/shop_20240115T031500Z.sql.gz)"
        context.lastCall().outcome == 'failed'
    }

    def "download writes the object into the folder given, complete, and reports its size"() {
        given:
        put('backups/2024/01/15/shop_20240115T031500Z.sql.gz', 'the dump')
        def folder = Files.createTempDirectory('restore-')

        when:
        def t = s3.download(bucket, 'backups/2024/01/15/shop_20240115T031500Z.sql.gz', to: folder.toString())

        then:
        t.file == folder.resolve('shop_20240115T031500Z.sql.gz').toFile()
        t.file.text == 'the dump'
        t.size == 8
        folder.toFile().list() as List == ['shop_20240115T031500Z.sql.gz']
        context.lastCall().subMap('action', 'outcome', 'bytes') == [action: 'download', outcome: 'ok', bytes: 8L]
    }

    def "download without to: puts the file in the run's folder"() {
        given:
        put('a/b/data.csv', '1,2')

        when:
        def t = s3.download(bucket, 'a/b/data.csv')

        then:
        t.file.toPath() == context.workdir.resolve('data.csv')
        t.file.text == '1,2'
    }

    def "download of a key that does not exist fails naming it and leaves no file behind"() {
        when:
        s3.download(bucket, 'backups/missing.sql.gz')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("s3: download on s3://$bucket/backups/missing.sql.gz failed: ")
        e.message.contains('NoSuchKey')
        context.workdir.toFile().list() as List == []
        context.lastCall().outcome == 'failed'
        context.lastCall().error.contains('NoSuchKey')
    }

    def "upload stores a local file under the key"() {
        given:
        def file = context.workdir.resolve('evidence.log')
        Files.writeString(file, 'error at 03:12')

        when:
        def t = s3.upload(file.toFile(), bucket, 'incidents/42/evidence.log', contentType: 'text/plain')

        then:
        t.size == 14
        content('incidents/42/evidence.log') == 'error at 03:12'
        context.lastCall().subMap('action', 'outcome', 'target') ==
                [action: 'upload', outcome: 'ok', target: "s3://$bucket/incidents/42/evidence.log".toString()]
    }

    def "upload of a file that does not exist fails before anything is sent"() {
        when:
        s3.upload('no-such-file.log', bucket, 'x.log')

        then:
        def e = thrown(StepFailure)
        e.message == "s3: upload of ${Path.of('no-such-file.log').toAbsolutePath()} failed: there is no such file"
        store.listObjectsV2 { it.bucket(bucket) }.contents().isEmpty()
    }

    def "versions lists an object's versions newest first and restoreVersion makes an old one current again"() {
        given:
        store.putBucketVersioning { it.bucket(bucket).versioningConfiguration { v -> v.status('Enabled') } }
        put('config/app.json', '{"good": true}')
        put('config/app.json', '{"broken": true}')
        put('config/app.jsonx', 'a different key')

        when:
        def versions = s3.versions(bucket, 'config/app.json')

        then:
        versions.size() == 2
        versions*.latest == [true, false]
        versions.every { it.key == 'config/app.json' }

        when:
        def r = s3.restoreVersion(bucket, 'config/app.json', versions[1].versionId)

        then:
        content('config/app.json') == '{"good": true}'
        r.versionId != null
        r.versionId != versions[0].versionId
        s3.versions(bucket, 'config/app.json').size() == 3
        context.calls().find { it.action == 'restoreVersion' }.subMap('outcome', 'versionId') ==
                [outcome: 'ok', versionId: versions[1].versionId]
    }

    def "restoreVersion of a version that does not exist fails and lists the versions there"() {
        given:
        store.putBucketVersioning { it.bucket(bucket).versioningConfiguration { v -> v.status('Enabled') } }
        put('config/app.json', 'v1')
        def id = s3.versions(bucket, 'config/app.json')[0].versionId

        when:
        s3.restoreVersion(bucket, 'config/app.json', 'no-such-version')

        then:
        def e = thrown(StepFailure)
        e.message == "s3: restoreVersion of s3://$bucket/config/app.json failed: there is no version 'no-such-version'" +
                " — versions with content, newest first: $id"
        content('config/app.json') == 'v1'
    }

    def "in a dry run upload, download and restoreVersion change nothing and are journaled as dry-run"() {
        given:
        store.putBucketVersioning { it.bucket(bucket).versioningConfiguration { v -> v.status('Enabled') } }
        put('config/app.json', 'old')
        put('config/app.json', 'new')
        def dry = new S3K8sTestContext(LocalS3Mock.environment(), true)
        def s3dry = new S3Provider().create(dry) as S3Integration
        def oldId = s3.versions(bucket, 'config/app.json')[1].versionId

        when:
        def up = s3dry.upload('whatever.txt', bucket, 'new.txt')
        def down = s3dry.download(bucket, 'config/app.json')
        def restore = s3dry.restoreVersion(bucket, 'config/app.json', oldId)

        then:
        [up, down, restore]*.dryRun == [true, true, true]
        content('config/app.json') == 'new'
        store.listObjectsV2 { it.bucket(bucket) }.contents()*.key() == ['config/app.json']
        dry.workdir.toFile().list() as List == []
        dry.calls().collect { [it.action, it.outcome] } ==
                [['upload', 'dry-run'], ['download', 'dry-run'], ['versions', 'ok'], ['restoreVersion', 'dry-run']]
    }

    def "named connection options reach the store and the secret key never appears in the journal"() {
        given: 'a run whose environment has no AWS settings at all'
        def bare = new S3K8sTestContext([:])
        def s3bare = (new S3Provider().create(bare) as S3Integration).store(endpoint: LocalS3Mock.endpoint(), region: 'auto',
                accessKey: LocalS3Mock.ACCESS_KEY, secretKey: LocalS3Mock.SECRET_KEY)
        put('a.txt', 'x')

        when:
        def listed = s3bare.list(bucket)
        s3bare.download(bucket, 'missing.txt')

        then:
        thrown(StepFailure)
        listed*.key == ['a.txt']
        bare.calls()*.endpoint == [LocalS3Mock.endpoint(), LocalS3Mock.endpoint()]
        !bare.events.toString().contains(LocalS3Mock.SECRET_KEY)
    }

    def "an unreachable endpoint fails with the reason and no retry hides it"() {
        given:
        def s3down = s3.store(endpoint: 'http://127.0.0.1:1')

        when:
        s3down.list(bucket)

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("s3: list on s3://$bucket/ failed: ")
        e.message.contains('127.0.0.1:1')
        context.calls()*.outcome == ['failed']
    }

    def "missing credentials fail with what to set instead of the SDK's list of providers"() {
        given:
        def s3NoKeys = s3.store(profile: 'runbook-test-no-such-profile')

        when:
        s3NoKeys.list(bucket)

        then:
        def e = thrown(StepFailure)
        e.message == "s3: list on s3://$bucket/ failed: no usable AWS credentials — set AWS_ACCESS_KEY_ID and" +
                " AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment, or pass accessKey: and secretKey: (or profile:)"
    }

    def "a misspelt option fails with a suggestion"() {
        when:
        s3.latest(bucket, prefx: 'backups/')

        then:
        def e = thrown(StepFailure)
        e.message == "s3.latest: unknown option 'prefx:' — did you mean 'prefix'?"
    }
}
