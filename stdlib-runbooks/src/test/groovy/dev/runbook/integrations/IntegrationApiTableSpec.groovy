package dev.runbook.integrations

import dev.runbook.api.IntegrationApiTable
import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.IntegrationApi
import dev.runbook.integrations.testing.IntegrationApiTableWriter
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * The integration API table the jar publishes (META-INF/runbook/integration-api.json) is what the spec harness types
 * its fakes with and what {@code runbook check} checks calls against: it must be exactly what the code is. This spec
 * reads the API from the code ({@link IntegrationApi}) and fails when the checked-in table differs, writing the
 * table it expects beside it in target/ (run with {@code -Drunbook.api.write=true} to write it in place).
 */
class IntegrationApiTableSpec extends Specification {
    static final Path TABLE = Path.of('src/main/resources/' + IntegrationApiTable.RESOURCE)

    @Shared IntegrationApi api = new IntegrationApi(new DockerTestContext([DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: '/nonexistent'], true))
    @Shared String expected = new IntegrationApiTableWriter(api).json()

    def "the published table is the integrations' API as the code has it"() {
        given:
        if (Boolean.getBoolean('runbook.api.write')) Files.writeString(TABLE, expected)
        def fresh = Path.of('target/integration-api.json')
        Files.createDirectories(fresh.parent)
        Files.writeString(fresh, expected)
        String published = Files.exists(TABLE) ? Files.readString(TABLE) : ''

        expect:
        assert published == expected: "$TABLE is not the API the code has: compare it with $fresh and copy that over it " +
                "(or run this spec with -Drunbook.api.write=true)"
    }

    def "the table the harness loads from the class path knows every integration and their handles"() {
        when:
        def table = IntegrationApiTable.load(getClass().classLoader)

        then:
        table.integrationNames() == ['docker', 'compose', 'k8s', 'pg', 's3', 'fly', 'wrangler', 'supabase', 'http'] as Set
        table.root('docker').get().call('container').get().returns().type() == 'ContainerHandle'
        table.type('ContainerHandle').get().call('restart').get().options() == ['timeout']
        table.type('ContainerHandle').get().call('start').get().options() == null
        table.result('ContainerAction').get().fields().keySet().containsAll(['container', 'action', 'changed'])
        table.root('compose').get().call('call').get().returns().type() == 'ComposeProject'
        table.type('K8sDeployment').get().call('history').get().returns() == new IntegrationApiTable.Ref('K8sRevision', true)
    }
}
