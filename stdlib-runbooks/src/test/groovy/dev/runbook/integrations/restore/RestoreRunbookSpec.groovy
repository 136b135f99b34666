package dev.runbook.integrations.restore

import dev.runbook.compile.RunbookCompiler
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.integrations.k8s.LocalKubernetes
import dev.runbook.integrations.k8s.Rollout
import dev.runbook.integrations.s3.LocalS3Mock
import dev.runbook.journal.JournalReader
import software.amazon.awssdk.core.sync.RequestBody
import spock.lang.Specification

import java.nio.file.Files

/** s3 and k8s used by name inside the steps of a runbook, run by the engine, as an on-call engineer would. */
class RestoreRunbookSpec extends Specification {
    static final String RUNBOOK = '''
        runbook('restore-and-roll-back') {
            param 'bucket', required: true
            param 'ns', required: true
            param 'incident', required: true
            param 'revision', default: '0'

            step('Fetch the last backup before the incident') {
                def b = s3.latest(params.bucket, prefix: 'backups/', suffix: '.sql.gz', before: params.incident)
                def file = s3.download(b.bucket, b.key, to: "${workdir}/restore/")
                log "fetched ${b.key} (${file.size} bytes)"
            }
            step('Roll the api back') {
                def api = k8s.deployment('api', ns: params.ns)
                def r = params.revision == '0' ? api.undo() : api.undo(toRevision: params.revision as int)
                log "api now runs ${r.images.join(',')}"
            }
        }
        '''

    def runsRoot = Files.createTempDirectory('runs-')
    def bucket = "shop-backups-${System.nanoTime()}".toString()
    def ns = LocalKubernetes.freshNamespace()

    def setup() {
        def store = LocalS3Mock.client()
        store.createBucket { it.bucket(bucket) }
        ['backups/2024/03/01/shop_20240301T020000Z.sql.gz': 'march 1', 'backups/2024/03/02/shop_20240302T020000Z.sql.gz': 'march 2',
         'backups/2024/03/03/shop_20240303T020000Z.sql.gz': 'march 3'].each { key, content ->
            store.putObject({ it.bucket(bucket).key(key) }, RequestBody.fromString(content))
        }
        Rollout.deployment(LocalKubernetes.client(), ns, 'api', ['shop/api:2.0', 'shop/api:2.1'], ['2.0', '2.1: breaks checkout'])
    }

    private run(Map<String, String> params) {
        def runbook = new RunbookCompiler().compile(RUNBOOK, 'restore.groovy')
        def options = RunOptions.defaults([bucket: bucket, ns: ns] + params).withRunsRoot(runsRoot)
                .withEnvironment(LocalS3Mock.environment() + LocalKubernetes.environment())
        def session = RunSession.open(runbook, options, Operator.YES, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
        try {
            session.runToEnd()
        } finally {
            session.close()
        }
    }

    def "a runbook fetches the backup taken before the incident and rolls the deployment back, journaling each call"() {
        when:
        def result = run([incident: '2024-03-02T14:30:00Z'])

        then:
        result.outcome() == Outcome.SUCCEEDED
        result.runDir().resolve('restore/shop_20240302T020000Z.sql.gz').toFile().text == 'march 2'
        LocalKubernetes.client().apps().deployments().inNamespace(ns).withName('api').get()
                .spec.template.spec.containers*.image == ['shop/api:2.0']

        def calls = JournalReader.read(result.runDir()).findAll { it.type() == 'integration.call' }*.data()
        calls.collect { it.subMap('step', 'integration', 'action', 'outcome') } == [
                [step: 'Fetch the last backup before the incident', integration: 's3', action: 'latest', outcome: 'ok'],
                [step: 'Fetch the last backup before the incident', integration: 's3', action: 'download', outcome: 'ok'],
                [step: 'Roll the api back', integration: 'k8s', action: 'undo', outcome: 'ok']]
        calls[0].key == 'backups/2024/03/02/shop_20240302T020000Z.sql.gz'
        calls[2].target == "deployment/api in $ns".toString()
        calls.every { it.durationMs instanceof Number }
        !JournalReader.read(result.runDir()).toString().contains(LocalS3Mock.SECRET_KEY)
    }

    def "a rollback to a revision that does not exist fails the run with the reason, after the backup was fetched"() {
        when:
        def result = run([incident: '2024-03-02T14:30:00Z', revision: '9'])

        then:
        result.outcome() == Outcome.FAILED
        result.failure().step == 'Roll the api back'
        result.failure().message.contains('there is no revision 9 in the history — revisions there: 1, 2')
        def undo = JournalReader.read(result.runDir()).find { it.type() == 'integration.call' && it.data().action == 'undo' }
        undo.data().outcome == 'failed'
        undo.data().error.contains('no revision 9')
    }
}
