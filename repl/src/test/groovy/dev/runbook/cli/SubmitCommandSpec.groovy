package dev.runbook.cli

import io.fabric8.kubernetes.client.KubernetesClient
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer
import io.fabric8.mockwebserver.Context
import io.fabric8.mockwebserver.MockWebServer
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** runbook submit --k8s: the runbook runs as a Kubernetes Job, checked against fabric8's mock API server (CRUD). */
class SubmitCommandSpec extends Specification {
    static final String JOURNAL = 'jdbc:postgresql://journal.db.svc/runbook?user=runbook'

    @Shared @AutoCleanup('destroy')
    KubernetesMockServer server = crud()
    @Shared @AutoCleanup
    KubernetesClient client
    @Shared
    Path kubeconfig
    @TempDir
    Path dir

    /** The mock API server in CRUD mode: what is created is stored and can be read back. */
    private static KubernetesMockServer crud() {
        def expectations = new HashMap()
        new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false)
    }

    def setupSpec() {
        server.init(InetAddress.getByName('127.0.0.1'), 0)
        client = server.createClient()
        kubeconfig = Files.createTempFile('kubeconfig-', '.yaml')
        kubeconfig.toFile().deleteOnExit()
        Files.writeString(kubeconfig, """\
            apiVersion: v1
            kind: Config
            clusters:
            - {name: mock, cluster: {server: 'http://127.0.0.1:${server.port}'}}
            users:
            - {name: tester, user: {token: not-a-real-token}}
            contexts:
            - {name: mock, context: {cluster: mock, user: tester, namespace: default}}
            current-context: mock
            """.stripIndent())
    }

    private Path runbook() {
        Files.createDirectories(dir.resolve('shared'))
        Files.writeString(dir.resolve('shared/restart.groovy'), """\
            runbook('restart') {
                param 'service', required: true
                step('Restart') { sh "systemctl restart \${params.service}" }
            }
            """.stripIndent())
        Files.writeString(dir.resolve('runbook.team.groovy'), "team { member 'lena', role: 'lead' }\n")
        RunbookFiles.write(dir, 'rollback.groovy', """\
            runbook('db-rollback') {
                param 'version', required: true, pattern: ~/v\\d+\\.\\d+\\.\\d+/
                secret 'DB_PASSWORD'
                step('Roll back') { sh "deploy \${params.version}" }
                include 'shared/restart.groovy', with: [service: 'api']
            }
            """)
        dir.resolve('rollback.groovy')
    }

    def "submit creates a Job that runs the runbook once against the shared journal, with its files mounted beside it"() {
        given:
        def file = runbook()

        when:
        def run = CliRun.of('submit', file.toString(), '-p', 'version=v1.2.3', '--k8s', 'incidents', '--journal', JOURNAL,
                '--image', 'registry.local/runbook:1.0', '--secret', 'db-credentials', '--severity', 'p1',
                '--operator', 'olivia', '--deadline', '2h', '--kubeconfig', kubeconfig.toString())

        then:
        run.exitCode == 0
        !run.hasStackTrace
        def jobs = client.batch().v1().jobs().inNamespace('incidents').list().items
        jobs.size() == 1
        def job = jobs[0]
        run.out.contains("Submitted ${job.metadata.name} to namespace incidents (image registry.local/runbook:1.0)")
        run.out.contains("kubectl logs -f job/${job.metadata.name} -n incidents")
        job.metadata.name ==~ /rb-db-rollback-\d{10}-[0-9a-f]{4}/
        job.metadata.labels['runbook.dev/runbook'] == 'db-rollback'
        job.metadata.annotations['runbook.dev/submitted-by'] == 'olivia'

        and: 'a failed run is looked at and resumed, never retried by Kubernetes'
        job.spec.backoffLimit == 0
        job.spec.activeDeadlineSeconds == 7200
        def pod = job.spec.template.spec
        pod.restartPolicy == 'Never'
        def c = pod.containers[0]
        c.image == 'registry.local/runbook:1.0'
        c.args == ['exec', 'rollback.groovy', '-p', 'version=v1.2.3', '--journal', JOURNAL, '--operator', 'olivia', '--severity', 'P1']
        c.workingDir == '/runbook'
        c.envFrom*.secretRef*.name == ['db-credentials']

        and: 'the runbook, its team file and the file it includes are mounted at their paths'
        def volume = pod.volumes.find { it.name == 'runbook' }
        volume.configMap.items*.path == ['rollback.groovy', 'runbook.team.groovy', 'shared/restart.groovy']
        def cm = client.configMaps().inNamespace('incidents').withName(job.metadata.name).get()
        cm.data['file-0'].contains("runbook('db-rollback')")
        cm.data['file-1'].contains("member 'lena'")
        cm.data['file-2'].contains("runbook('restart')")
        cm.metadata.ownerReferences*.kind == ['Job']
    }

    def "#problem is refused here, before anything is created in the cluster"() {
        given:
        def file = runbook()
        def before = client.batch().v1().jobs().inNamespace('checks').list().items.size()

        when:
        def run = CliRun.of(*(['submit', file.toString(), '--k8s', 'checks', '--journal', JOURNAL, '--image', 'registry.local/runbook:1.0',
                '--kubeconfig', kubeconfig.toString()] + args))

        then:
        run.exitCode == 2
        run.err.contains(shown)
        !run.hasStackTrace
        client.batch().v1().jobs().inNamespace('checks').list().items.size() == before

        where:
        problem               | args                                           || shown
        'a bad param'         | ['-p', 'version=latest']                       || 'version'
        'an unknown severity' | ['-p', 'version=v1.0.0', '--severity', 'P9']   || "Invalid value for option '--severity': 'P9' is not one of P0, P1, P2, P3"
    }

    def "submit needs the shared journal, and refuses a password in its URL"() {
        given:
        def file = runbook()

        expect:
        CliRun.of('submit', file.toString(), '-p', 'version=v1.0.0', '--k8s', 'x').with {
            exitCode == 2 && err.contains('submit needs the shared journal — add --journal jdbc:postgresql://HOST/DB')
        }
        CliRun.of('submit', file.toString(), '-p', 'version=v1.0.0', '--k8s', 'x', '--journal', 'jdbc:postgresql://db/rb?password=hunter2').with {
            exitCode == 2 && err.contains('put it in a Kubernetes Secret (key PGPASSWORD)') && !err.contains('hunter2')
        }
    }

    def "--dry-run prints the ConfigMap and the Job as YAML and creates nothing"() {
        given:
        def file = runbook()

        when:
        def run = CliRun.of('submit', file.toString(), '-p', 'version=v1.2.3', '--k8s', 'dry', '--journal', JOURNAL, '--yes', '--dry-run',
                '--image', 'registry.local/runbook:1.0')

        then:
        run.exitCode == 0
        run.out.contains('kind: "ConfigMap"') || run.out.contains('kind: ConfigMap')
        run.out.contains('kind: "Job"') || run.out.contains('kind: Job')
        run.out.contains('--yes')
        client.batch().v1().jobs().inNamespace('dry').list().items.isEmpty()
    }

    def "an unreachable cluster is an environment error with the namespace, not a stack trace"() {
        given:
        def file = runbook()
        def nowhere = dir.resolve('nowhere.yaml')
        Files.writeString(nowhere, Files.readString(kubeconfig).replace("127.0.0.1:${server.port}", '127.0.0.1:9'))

        when:
        def run = CliRun.of('submit', file.toString(), '-p', 'version=v1.2.3', '--k8s', 'prod', '--journal', JOURNAL,
                '--image', 'registry.local/runbook:1.0', '--kubeconfig', nowhere.toString())

        then:
        run.exitCode == 4
        run.err.contains('cannot create the Job in namespace prod')
        !run.hasStackTrace
    }

    def "with no --image, no RUNBOOK_IMAGE and no image this build names, submit (dry run: #dryRun) refuses before it creates or prints anything"() {
        given:
        def file = runbook()

        when:
        def run = CliRun.of(*(['submit', file.toString(), '-p', 'version=v1.2.3', '--k8s', 'no-image', '--journal', JOURNAL,
                '--kubeconfig', kubeconfig.toString()] + (dryRun ? ['--dry-run'] : [])))

        then:
        run.exitCode == 2
        run.err.trim() == 'runbook submit: no image to run the job with — give --image REF or set RUNBOOK_IMAGE (docker/Dockerfile builds one)'
        run.out.isEmpty()
        !run.hasStackTrace
        client.batch().v1().jobs().inNamespace('no-image').list().items.isEmpty()
        client.configMaps().inNamespace('no-image').list().items.isEmpty()

        where:
        dryRun << [false, true]
    }

    def "the image is --image, else RUNBOOK_IMAGE, and --dry-run prints the one the Job would run"() {
        given:
        def file = runbook()

        when:
        def run = CliRun.of([env: [RUNBOOK_IMAGE: 'registry.local/runbook:from-env']],
                *(['submit', file.toString(), '-p', 'version=v1.2.3', '--k8s', 'dry', '--journal', JOURNAL, '--dry-run'] + args))

        then:
        run.exitCode == 0
        run.out =~ /(?m)^\s+image: "?${image}"?$/

        where:
        args                                  || image
        []                                    || 'registry.local/runbook:from-env'
        ['--image', 'registry.local/rb:1.0']  || 'registry.local/rb:1.0'
    }

    def "submit --help names no image this build does not know"() {
        expect:
        !CliRun.of('submit', '--help').out.contains('runbook-dev')
    }
}
