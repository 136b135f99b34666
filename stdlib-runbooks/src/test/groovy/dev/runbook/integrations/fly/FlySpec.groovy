package dev.runbook.integrations.fly

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.integrations.testing.StubCli
import spock.lang.Specification

import java.time.Instant

class FlySpec extends Specification {
    StubCli stub = new StubCli().install('flyctl', [
            releases: [out: FlyOutputs.RELEASES],
            status  : [out: FlyOutputs.STATUS],
            deploy  : [out: '==> Verifying app config\n--> Verified app config\n==> Building image\nVisit your newly deployed app at https://voxflow-api.fly.dev/\n']])
    PgTestContext ctx = new PgTestContext(stub.env(FLY_API_TOKEN: 'fo1_secret_token'))
    def fly = new FlyProvider().create(ctx)

    def cleanup() {
        stub.delete()
    }

    def "releases are read from flyctl's JSON, newest first"() {
        when:
        def releases = fly.releases('voxflow-api')

        then:
        stub.calls('flyctl') == [['releases', '--app', 'voxflow-api', '--json']]
        releases*.version == [42, 41, 40]
        releases[0].status == 'failed'
        releases[1].user == 'bo@example.com'
        releases[1].imageRef == 'registry.fly.io/voxflow-api:deployment-01J41'
        releases[1].createdAt == Instant.parse('2025-08-10T09:14:00Z')
        releases[1].stable
        with(ctx.calls.last()) {
            integration == 'fly'
            target == 'voxflow-api'
            action == 'releases'
            outcome == 'ok'
            command == 'flyctl releases --app voxflow-api --json'
            it.releases == 3
        }
    }

    def "status reads the app's release and each machine's health"() {
        when:
        def status = fly.status('voxflow-api')

        then:
        stub.calls('flyctl') == [['status', '--app', 'voxflow-api', '--json']]
        status.name == 'voxflow-api'
        status.version == 42
        status.deployed
        status.machines*.region == ['ams', 'fra']
        status.machines*.releaseVersion == ['42', '42']
        status.machines[0].image == 'voxflow-api:deployment-01J42'
        status.machines*.healthy == [false, true]
        !status.healthy
        ctx.calls.last().healthy == false
    }

    def "rollback deploys the image of the chosen release again"() {
        when:
        def result = fly.rollback('voxflow-api', 'v41', strategy: 'immediate')

        then:
        stub.calls('flyctl') == [
                ['releases', '--app', 'voxflow-api', '--json'],
                ['deploy', '--app', 'voxflow-api', '--image', 'registry.fly.io/voxflow-api:deployment-01J41', '--strategy', 'immediate']]
        result.version == 41
        result.image == 'registry.fly.io/voxflow-api:deployment-01J41'
        !result.dryRun
        ctx.calls*.action == ['releases', 'rollback']
        ctx.calls.last().outcome == 'ok'
        ctx.calls.last().image == 'registry.fly.io/voxflow-api:deployment-01J41'
    }

    def "rollback to a release that does not exist is refused before anything is deployed"() {
        when:
        fly.rollback('voxflow-api', 17)

        then:
        def e = thrown(StepFailure)
        e.message == "fly: rollback of app 'voxflow-api' refused: it has no release v17 (newest: v42, v41, v40)"
        stub.calls('flyctl')*.first() == ['releases']
    }

    def "a failed deploy fails the step with flyctl's reason and never shows the token"() {
        given:
        stub.install('flyctl', [deploy: [err: 'Error: failed to fetch an image: unauthorized (token fo1_secret_token)', exit: 1]])

        when:
        fly.rollback('voxflow-api', 41)

        then:
        def e = thrown(StepFailure)
        e.message == "fly: rollback of app 'voxflow-api' to v41 failed: " +
                'flyctl deploy exited 1: Error: failed to fetch an image: unauthorized (token ****)'
        ctx.calls.last().outcome == 'failed'
        !ctx.events.toString().contains('fo1_secret_token')
    }

    def "in a dry run rollback reads the releases but deploys nothing"() {
        given:
        ctx.dry = true

        when:
        def result = fly.rollback('voxflow-api', 40)

        then:
        result.dryRun
        result.image == 'registry.fly.io/voxflow-api:deployment-01J40'
        stub.calls('flyctl')*.first() == ['releases']
        ctx.calls*.outcome == ['ok', 'dry-run']
    }

    def "without flyctl on PATH the step fails saying how to install it"() {
        given:
        def bare = new FlyProvider().create(new PgTestContext([PATH: '/nonexistent']))

        when:
        bare.releases('voxflow-api')

        then:
        def e = thrown(StepFailure)
        e.message == "fly: listing releases of app 'voxflow-api' failed: cannot run flyctl or fly: not found on PATH" +
                ' — install flyctl (https://fly.io/docs/flyctl/install/)'
    }

    def "a misspelt option fails with a suggestion"() {
        when:
        fly.rollback('voxflow-api', 41, stratgy: 'immediate')

        then:
        def e = thrown(StepFailure)
        e.message == "fly.rollback: unknown option 'stratgy:' — did you mean 'strategy'?"
        stub.calls('flyctl') == []
    }
}
