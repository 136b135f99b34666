package dev.runbook.testing.harness

import dev.runbook.integrations.demo.DemoEngine
import dev.runbook.testing.CallLog
import dev.runbook.testing.FakeIntegration
import dev.runbook.testing.RealEndpoints
import dev.runbook.testing.RealParts
import dev.runbook.testing.RealPartsMode
import dev.runbook.testing.RecordingIntegration
import org.opentest4j.TestAbortedException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Duration

/** Real-parts mode's switch (which features run for real, which are skipped, which fail) and its call recording. */
class RealPartsModeSpec extends Specification {
    @TempDir
    Path tmp

    @RealParts('docker')
    static class DockerSpec {
        void marked() {}

        @RealParts('pg')
        void pgOnly() {}
    }

    static class PlainSpec {
        @RealParts(['docker', 's3'])
        void dockerAndS3() {}

        void unmarked() {}
    }

    def "without --real every feature runs with fakes, marked or not, whatever the environment lacks"() {
        expect:
        !RealPartsMode.forFeature(PlainSpec, PlainSpec.getMethod('dockerAndS3'), [RUNBOOK_REQUIRE_REAL_PARTS: '1'], false).real
        !RealPartsMode.forFeature(PlainSpec, PlainSpec.getMethod('unmarked'), [:], false).real
    }

    def "under --real a feature not marked @RealParts is skipped as fakes only"() {
        when:
        RealPartsMode.forFeature(PlainSpec, PlainSpec.getMethod('unmarked'), [DOCKER_HOST: 'unix:///x.sock'], true)

        then:
        def e = thrown(TestAbortedException)
        e.message.startsWith('fakes only')
    }

    def "a part not configured skips the feature naming the variable to set, and fails it when RUNBOOK_REQUIRE_REAL_PARTS=1"() {
        when:
        RealPartsMode.forFeature(PlainSpec, PlainSpec.getMethod('dockerAndS3'), [DOCKER_HOST: 'unix:///x.sock'], true)

        then: 'docker is there, s3 is not: the skip names what to set for s3 only'
        def skip = thrown(TestAbortedException)
        skip.message.contains('s3: set AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL to the S3 API')
        !skip.message.contains('DOCKER_HOST')

        when:
        RealPartsMode.forFeature(PlainSpec, PlainSpec.getMethod('dockerAndS3'), [RUNBOOK_REQUIRE_REAL_PARTS: '1'], true)

        then:
        def fail = thrown(AssertionError)
        fail.message.contains('docker: set DOCKER_HOST')
        fail.message.contains('s3: set AWS_ENDPOINT_URL_S3')
        fail.message.contains('RUNBOOK_REQUIRE_REAL_PARTS=1')
    }

    def "a feature's own @RealParts wins over its spec's; the spec's covers the features that have none"() {
        when:
        def pg = RealPartsMode.forFeature(DockerSpec, DockerSpec.getMethod('pgOnly'), [PGHOST: '127.0.0.1'], true)
        def docker = RealPartsMode.forFeature(DockerSpec, DockerSpec.getMethod('marked'), [DOCKER_HOST: 'unix:///x.sock'], true)

        then:
        pg.real && pg.parts == ['pg']
        docker.real && docker.parts == ['docker']
    }

    def "an unknown part is a mistake in the spec, not a skip"() {
        when:
        RealPartsMode.forFeature(UnknownPart, UnknownPart.getMethod('f'), [:], true)

        then:
        def e = thrown(AssertionError)
        e.message == '@RealParts names dokcer: real mode knows docker, pg, s3, k8s'
    }

    @RealParts('dokcer')
    static class UnknownPart { void f() {} }

    def "k8s given as an API server URL gets a kubeconfig of its own, readable only by its owner, and KUBECONFIG points at it"() {
        when:
        def env = new RealEndpoints([RUNBOOK_K8S_SERVER: 'https://127.0.0.1:6443', RUNBOOK_K8S_TOKEN: 'tok-123'])
                .runEnvironment(['k8s'], tmp)
        def file = Path.of(env.KUBECONFIG)

        then:
        Files.readString(file).contains('server: "https://127.0.0.1:6443"')
        Files.readString(file).contains('token: "tok-123"')
        Files.readString(file).contains('current-context: real-parts')
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) == 'rw-------'

        when: 'a KUBECONFIG the environment gives is used as it is'
        def given = new RealEndpoints([KUBECONFIG: '/etc/kube/ci.yaml', RUNBOOK_K8S_SERVER: 'https://other']).runEnvironment(['k8s'], tmp.resolve('none'))

        then:
        given.KUBECONFIG == '/etc/kube/ci.yaml'
    }

    def "pg given as a URL becomes the libpq variables the pg integration reads; a bad URL is refused without repeating it"() {
        when:
        def env = new RealEndpoints([RUNBOOK_PG_URL: 'postgresql://stateflow:p%40ss@127.0.0.1:6543/stateflow', PGPASSWORD: 'other'])
                .runEnvironment(['pg'], tmp)

        then:
        env.subMap('PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE') ==
                [PGHOST: '127.0.0.1', PGPORT: '6543', PGUSER: 'stateflow', PGPASSWORD: 'p@ss', PGDATABASE: 'stateflow']
        new RealEndpoints([RUNBOOK_PG_URL: 'postgresql://db']).configured('pg')

        when:
        new RealEndpoints([RUNBOOK_PG_URL: 'mysql://root:hunter2@db/x']).runEnvironment(['pg'], tmp)

        then:
        def e = thrown(AssertionError)
        e.message.startsWith('RUNBOOK_PG_URL is not a PostgreSQL URL — write postgresql://')
        !e.message.contains('hunter2')
    }

    def "a real integration's calls are recorded as a fake records them, handles chained, data and passed-back handles unwrapped"() {
        given:
        def log = new CallLog()
        def engine = new DemoEngine()
        def docker = new RecordingIntegration(engine, 'docker', [], 'Roll back', log)
        def fakeLog = new CallLog()
        def fake = new FakeIntegration('docker', fakeLog, []).forStep('Roll back')

        when: 'the same calls through the real integration and through a fake'
        def box = docker.container('api')
        def info = box.inspect()
        def r = box.rollbackTo('app:v1', settle: Duration.ofSeconds(20))
        def described = docker.describe(box)
        def fakeBox = fake.container('api')
        fakeBox.inspect()
        fakeBox.rollbackTo('app:v1', settle: Duration.ofSeconds(20))

        then: 'the real object acted'
        engine.done == ['api → app:v1 (settle PT20S)']

        and: 'records and maps come back as they are; the handle reached describe() as the real object'
        info instanceof DemoEngine.DemoInfo && info.image == 'app:v2'
        r == [container: 'api', to: 'app:v1']
        described == 'box api'

        and: 'the call log reads as the fake call log does, so called ~/.../ matches either way'
        log.all*.text.take(3) == fakeLog.all*.text
        log.all*.text == ["docker.container('api')", "docker.container('api').inspect()",
                          "docker.container('api').rollbackTo(settle: 20s, 'app:v1')", "docker.describe(docker.container('api'))"]
        log.all*.step.unique() == ['Roll back']
    }
}
