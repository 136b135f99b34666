package dev.runbook.integrations.compose

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.integrations.testing.PrivateDockerEngine.waitUntil

/** Compose against the private engine with whichever Compose CLI is installed (Debian 12 has docker-compose v1). */
@Requires(value = { PrivateDockerEngine.runnable('docker-compose') },
        reason = 'needs dockerd, docker, busybox-static, docker-compose and root (.ci/install-docker.sh)')
class ComposeSpec extends Specification {
    static final String FILE = '''\
# the shop, as deployed
version: "3.7"
services:
  web:
    image: local/busybox:1   # pinned by the release script
    network_mode: none
    command: ["/bin/sh", "-c", "echo web started; echo serving; trap 'exit 0' TERM; sleep 600 & wait"]
  worker:
    image: "local/busybox:1"
    network_mode: none
'''

    @Shared PrivateDockerEngine engine
    @TempDir Path dir
    DockerTestContext ctx
    Path file
    ComposeProject shop

    def setupSpec() {
        engine = PrivateDockerEngine.get()
    }

    def setup() {
        engine.removeAllContainers()
        file = dir.resolve('docker-compose.yml')
        Files.writeString(file, FILE)
        ctx = new DockerTestContext(engine.environment())
        shop = launcher(ctx).call([project: 'shop'], file.toString()) as ComposeProject
    }

    private static ComposeLauncher launcher(DockerTestContext c) {
        new ComposeProvider().create(c) as ComposeLauncher
    }

    private Map<String, ComposeContainer> byService() {
        shop.ps().collectEntries { [it.service, it] }
    }

    def "up starts the services, ps lists them parsed, down removes them"() {
        when:
        shop.up()
        def ps = byService()

        then:
        ps.keySet() == ['web', 'worker'] as Set
        ps.values().every { it.running && it.image == 'local/busybox:1' }
        ctx.callsOf('up')[0].outcome == 'ok'

        when:
        shop.down()

        then:
        shop.ps().isEmpty()
    }

    def "up with services: starts only those"() {
        when:
        shop.up(services: ['worker'])

        then:
        shop.ps()*.service == ['worker']
    }

    def "stop, start and restart act on the named services only"() {
        given:
        shop.up()

        when:
        shop.stop('web')
        def afterStop = byService()

        then:
        !afterStop.web.running
        afterStop.worker.running
        ctx.callsOf('stop')[0].services == ['web']

        when:
        shop.start(['web'])
        def before = engine.docker('inspect', '-f', '{{.State.StartedAt}}', 'shop_worker_1')
        shop.restart('worker')

        then:
        engine.docker('inspect', '-f', '{{.State.Running}}', 'shop_web_1') == 'true'
        engine.docker('inspect', '-f', '{{.State.StartedAt}}', 'shop_worker_1') != before
    }

    def "logs give a service's last lines without Compose's prefix"() {
        given:
        shop.up()
        waitUntil(10) { shop.logs('web').contains('serving') }

        expect:
        shop.logs('web', tail: 1).lines == ['serving']
        shop.logs('web').lines == ['web started', 'serving']
    }

    def "pinImage changes one service's tag in place, keeps comments, and leaves a copy of the file"() {
        when:
        def pin = shop.pinImage('worker', '2')

        then:
        pin.from == 'local/busybox:1'
        pin.to == 'local/busybox:2'
        Files.readString(file) == FILE.replace('"local/busybox:1"', '"local/busybox:2"')
        Files.readString(Path.of(pin.backup)) == FILE
        Path.of(pin.backup).parent == file.parent

        when: 'the next up recreates the pinned service with the new tag'
        shop.up()

        then:
        def ps = byService()
        ps.worker.image == 'local/busybox:2'
        ps.web.image == 'local/busybox:1'
    }

    def "pinImage of a service the file does not have fails and leaves the file alone"() {
        when:
        shop.pinImage('api', '2')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("compose: pinImage of compose project 'shop' failed: service 'api' has no image: line in ")
        Files.readString(file) == FILE
        Files.list(file.parent).count() == 1
    }

    def "a dry run journals the changes and makes none"() {
        given:
        def dryCtx = new DockerTestContext(engine.environment(), true)
        def dry = launcher(dryCtx).call([project: 'shop'], file.toString()) as ComposeProject

        when:
        def up = dry.up()
        def pin = dry.pinImage('web', '2')

        then:
        up.dryRun
        pin.dryRun
        dryCtx.calls*.outcome == ['dry-run', 'dry-run']
        shop.ps().isEmpty()
        Files.readString(file) == FILE
    }

    def "a failing compose command fails the step with the CLI's complaint"() {
        when:
        shop.restart('nosuchservice')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith("compose: restart of compose project 'shop' failed: ")
        e.message.contains('nosuchservice')
        ctx.callsOf('restart')[0].outcome == 'failed'
    }

    def "a missing compose file and a misspelt option are reported before anything runs"() {
        when:
        launcher(ctx).call([project: 'shop'], '/nowhere/compose.yml')

        then:
        def e = thrown(StepFailure)
        e.message.startsWith('compose: no compose file at /nowhere/compose.yml')

        when:
        launcher(ctx).call([projct: 'shop'], file.toString())

        then:
        e = thrown(StepFailure)
        e.message == "compose: unknown option 'projct' — did you mean 'project'?"
    }
}
