package dev.runbook.integrations.wrangler

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.integrations.testing.StubCli
import spock.lang.Specification

import java.time.Instant

class WranglerSpec extends Specification {
    /** What `wrangler deployments list --json` prints: the API's deployment objects, oldest first. */
    static final String DEPLOYMENTS = '''[
  {
    "id": "dep-0001",
    "source": "wrangler",
    "strategy": "percentage",
    "author_email": "ana@example.com",
    "annotations": {"workers/triggered_by": "upload"},
    "created_on": "2025-01-02T10:00:00.000000Z",
    "versions": [{"version_id": "aaaa1111-0000-4000-8000-000000000001", "percentage": 100}]
  },
  {
    "id": "dep-0002",
    "source": "wrangler",
    "strategy": "percentage",
    "author_email": "bo@example.com",
    "annotations": {"workers/triggered_by": "deployment", "workers/message": "gradual rollout of v2"},
    "created_on": "2025-01-03T09:00:00.000000Z",
    "versions": [{"version_id": "bbbb2222-0000-4000-8000-000000000002", "percentage": 10},
                 {"version_id": "aaaa1111-0000-4000-8000-000000000001", "percentage": 90}]
  },
  {
    "id": "dep-0003",
    "source": "api",
    "strategy": "percentage",
    "author_email": "bo@example.com",
    "created_on": "2025-01-04T08:30:00.000000Z",
    "versions": [{"version_id": "bbbb2222-0000-4000-8000-000000000002", "percentage": 100}]
  }
]
'''

    StubCli stub = new StubCli().install('wrangler', [
            deployments: [out: DEPLOYMENTS],
            rollback   : [out: '├ Performing rollback...\n│\n╰  SUCCESS  Worker Version aaaa1111-0000-4000-8000-000000000001 has been deployed to 100% of traffic.\n']])
    PgTestContext ctx = new PgTestContext(stub.env(CLOUDFLARE_API_TOKEN: 'cf-token-123'))
    def wrangler = new WranglerProvider().create(ctx)

    def cleanup() {
        stub.delete()
    }

    def "deployments are read from wrangler's JSON, newest first, with the version that had most traffic"() {
        when:
        def deployments = wrangler.deployments('voxflow-edge')

        then:
        stub.calls('wrangler') == [['deployments', 'list', '--name', 'voxflow-edge', '--json']]
        deployments*.id == ['dep-0003', 'dep-0002', 'dep-0001']
        deployments[0].createdOn == Instant.parse('2025-01-04T08:30:00Z')
        deployments[1].message == 'gradual rollout of v2'
        deployments[1].versions*.percentage == [10d, 90d]
        deployments[1].versionId == 'aaaa1111-0000-4000-8000-000000000001'
        deployments[2].author == 'ana@example.com'
        with(ctx.calls.last()) {
            integration == 'wrangler'
            target == 'voxflow-edge'
            action == 'deployments'
            outcome == 'ok'
            command == 'wrangler deployments list --name voxflow-edge --json'
        }
    }

    def "rollback sends the version, the message and --yes so wrangler does not wait for a prompt"() {
        given:
        def previous = wrangler.deployments('voxflow-edge')[2].versionId

        when:
        def result = wrangler.rollback('voxflow-edge', previous, message: 'INC-42: v2 returns 500s')

        then:
        stub.calls('wrangler')[1] == ['rollback', 'aaaa1111-0000-4000-8000-000000000001', '--name', 'voxflow-edge',
                                      '--message', 'INC-42: v2 returns 500s', '--yes']
        result.versionId == previous
        !result.dryRun
        ctx.calls.last().action == 'rollback'
        ctx.calls.last().outcome == 'ok'
    }

    def "a refused rollback fails the step with wrangler's reason and never shows the token"() {
        given:
        stub.install('wrangler', [rollback: [err: '✘ [ERROR] A request to the Cloudflare API failed. Authentication error [code: 10000] cf-token-123', exit: 1]])

        when:
        wrangler.rollback('voxflow-edge', 'aaaa1111')

        then:
        def e = thrown(StepFailure)
        e.message == "wrangler: rollback of Worker 'voxflow-edge' to version aaaa1111 failed: wrangler rollback aaaa1111 exited 1: " +
                '✘ [ERROR] A request to the Cloudflare API failed. Authentication error [code: 10000] ****'
        ctx.calls.last().outcome == 'failed'
        !ctx.events.toString().contains('cf-token-123')
    }

    def "in a dry run rollback runs nothing and is journaled as dry-run"() {
        given:
        ctx.dry = true

        when:
        def result = wrangler.rollback('voxflow-edge', 'aaaa1111', message: 'drill')

        then:
        result.dryRun
        stub.calls('wrangler') == []
        ctx.calls.last().outcome == 'dry-run'
        ctx.calls.last().command == 'wrangler rollback aaaa1111 --name voxflow-edge --message drill --yes'
    }

    def "output that is not JSON fails the step and shows what wrangler printed"() {
        given:
        stub.install('wrangler', [deployments: [out: 'You are not authenticated. Please run `wrangler login`.\n']])

        when:
        wrangler.deployments('voxflow-edge')

        then:
        def e = thrown(StepFailure)
        e.message == "wrangler: listing deployments of Worker 'voxflow-edge' failed: " +
                'wrangler deployments list printed no JSON: You are not authenticated. Please run `wrangler login`.'
    }
}
