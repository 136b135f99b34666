package dev.runbook.integrations.fly

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.testing.StubCli
import dev.runbook.integrations.wrangler.WranglerSpec
import dev.runbook.journal.JournalReader
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** fly and wrangler used by name in a runbook's steps, through the engine, with stub CLIs on the run's PATH. */
class PaasRunbookSpec extends Specification {
    static final String RUNBOOK = '''
        runbook('roll-back-edge-and-api') {
            secret 'FLY_API_TOKEN'
            step('Roll back the API') {
                def last = fly.releases('voxflow-api').find { it.status == 'complete' }
                fly.rollback('voxflow-api', last.version)
                log "api back on v${last.version}"
            }
            step('Roll back the edge worker') {
                def previous = wrangler.deployments('voxflow-edge')[1]
                wrangler.rollback('voxflow-edge', previous.versionId, message: "runbook ${run.id}")
            }
        }
    '''

    StubCli stub = new StubCli()
            .install('flyctl', [releases: [out: FlyOutputs.RELEASES], deploy: [out: 'deployed\n']])
            .install('wrangler', [deployments: [out: WranglerSpec.DEPLOYMENTS], rollback: [out: 'SUCCESS\n']])
    Path runs = Files.createTempDirectory('paas-runs')

    def cleanup() {
        stub.delete()
        runs.toFile().deleteDir()
    }

    def "a runbook rolls back a Fly app and a Worker, and the journal has each CLI call"() {
        when:
        def result = run(false)
        def events = JournalReader.read(result.runDir())
        def calls = events.findAll { it.type() == 'integration.call' }

        then:
        result.outcome() == Outcome.SUCCEEDED
        stub.calls('flyctl')[2] == ['deploy', '--app', 'voxflow-api', '--image', 'registry.fly.io/voxflow-api:deployment-01J41']
        stub.calls('wrangler')[1][0..1] == ['rollback', 'aaaa1111-0000-4000-8000-000000000001']
        stub.calls('wrangler')[1][-2..-1] == ["runbook ${result.runId()}".toString(), '--yes']
        calls.collect { [it.str('integration'), it.str('action'), it.str('outcome')] } == [
                ['fly', 'releases', 'ok'], ['fly', 'releases', 'ok'], ['fly', 'rollback', 'ok'],
                ['wrangler', 'deployments', 'ok'], ['wrangler', 'rollback', 'ok']]
        calls*.str('step') == ['Roll back the API'] * 3 + ['Roll back the edge worker'] * 2
        events.find { it.type() == 'step.log' }.str('text') == 'api back on v41'
        !result.runDir().resolve('journal.jsonl').toFile().text.contains('fo1_token_abc')
    }

    def "a dry run reads the platforms but changes nothing"() {
        when:
        def result = run(true)
        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' }

        then:
        result.outcome() == Outcome.SUCCEEDED
        stub.calls('flyctl')*.first() == ['releases', 'releases']
        stub.calls('wrangler')*.first() == ['deployments']
        calls.findAll { it.str('action') == 'rollback' }*.str('outcome') == ['dry-run', 'dry-run']
    }

    private run(boolean dryRun) {
        def runbook = new RunbookCompiler(getClass().classLoader).compile(RUNBOOK, 'rollback.groovy')
        Map<String, String> env = new HashMap<>(System.getenv())
        env.putAll(stub.env(FLY_API_TOKEN: 'fo1_token_abc'))
        def options = RunOptions.defaults([:]).withRunsRoot(runs).withEnvironment(env).withDryRun(dryRun)
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        try {
            session.runToEnd()
        } finally {
            session.close()
        }
    }
}
