package dev.runbook.cli

import dev.runbook.compile.StdlibCatalog
import com.fasterxml.jackson.databind.ObjectMapper
import dev.runbook.term.ExitCodes
import dev.runbook.term.Io
import picocli.CommandLine
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** {@code runbook list [--json]}: the standard runbooks with their title, params and tags. */
class ListCommandSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    URLClassLoader loader

    static final String ROLLOUT_UNDO = '''\
        runbook('rollout-undo') {
            title 'Roll a Kubernetes deployment back to its previous revision'
            tags 'k8s', 'rollback'
            severity P1
            param 'deployment', required: true, description: 'the deployment to roll back'
            param 'ns', default: 'default', description: 'its namespace'
            param 'mode', choices: ['undo', 'scale-to-zero'], default: 'undo'
            step('Undo') { sh "kubectl -n ${params.ns} rollout undo deployment/${params.deployment}" }
        }
        '''.stripIndent()

    static final String CONTAINER_RESTART = '''\
        runbook('container-restart') {
            step('Restart') { sh 'docker restart api' }
        }
        '''.stripIndent()

    def "list shows each standard runbook: id, title, tags and every param with required or default and description"() {
        given:
        def catalog = catalogOf(['stdlib/k8s/rollout-undo.groovy'        : ROLLOUT_UNDO,
                                 'stdlib/k8s/RolloutUndoSpec.groovy'     : 'not a runbook',
                                 'stdlib/docker/container-restart.groovy': CONTAINER_RESTART])

        when:
        def run = list(catalog)

        then:
        run.exitCode == 0
        run.out.readLines() == [
                'stdlib:docker/container-restart  container-restart',
                '',
                'stdlib:k8s/rollout-undo  Roll a Kubernetes deployment back to its previous revision',
                '    tags: k8s, rollback',
                '    -p deployment  required                the deployment to roll back',
                '    -p ns          default: default        its namespace',
                '    -p mode        default: undo, one of undo|scale-to-zero',
                '',
                '2 standard runbooks.']
        run.err.isEmpty()
    }

    def "list --json gives scripts the same facts"() {
        given:
        def catalog = catalogOf(['stdlib/k8s/rollout-undo.groovy': ROLLOUT_UNDO])

        when:
        def run = list(catalog, '--json')
        def json = new ObjectMapper().readValue(run.out, List)

        then:
        run.exitCode == 0
        json.size() == 1
        json[0].id == 'stdlib:k8s/rollout-undo'
        json[0].name == 'rollout-undo'
        json[0].title == 'Roll a Kubernetes deployment back to its previous revision'
        json[0].severity == 'P1'
        json[0].tags == ['k8s', 'rollback']
        json[0].params*.name == ['deployment', 'ns', 'mode']
        json[0].params[0].required == true
        json[0].params[0].default == null
        json[0].params[0].description == 'the deployment to roll back'
        json[0].params[1].required == false
        json[0].params[1].default == 'default'
        json[0].params[2].choices == ['undo', 'scale-to-zero']
    }

    def "with no standard runbooks list says so clearly, and --json prints an empty array"() {
        given:
        def catalog = catalogOf(['other/x.groovy': CONTAINER_RESTART])

        expect:
        list(catalog).with { exitCode == 0 && out.trim() == 'No standard runbooks on the class path.' }
        list(catalog, '--json').with { exitCode == 0 && new ObjectMapper().readValue(out, List) == [] }
    }

    def "a standard runbook that does not compile is named with its problem, the others are still listed, exit 4"() {
        given:
        def catalog = catalogOf(['stdlib/k8s/rollout-undo.groovy': ROLLOUT_UNDO,
                                 'stdlib/k8s/broken.groovy'      : "runbook('broken') {\n    stepp('x') { sh 'true' }\n}\n"])

        when:
        def run = list(catalog)

        then:
        run.exitCode == ExitCodes.ENVIRONMENT
        run.out.contains('stdlib:k8s/broken  (does not compile: see below)')
        run.out.contains('stdlib:k8s/rollout-undo  Roll a Kubernetes deployment back')
        run.err.contains("stdlib:k8s/broken.groovy:2:5: unknown element 'stepp' — did you mean 'step'?")
        !run.hasStackTrace
    }

    def "runbook list shows what the class path holds: every standard runbook, or that there are none"() {
        given:
        def ids = StdlibCatalog.onClassPath().list()*.id

        when:
        def run = CliRun.of('list')

        then:
        run.exitCode == 0
        ids ? ids.every { run.out.contains(it) } : run.out.trim() == 'No standard runbooks on the class path.'
    }

    /** A catalog over a folder holding these files (path → text), and nothing else. */
    private StdlibCatalog catalogOf(Map<String, String> files) {
        files.each { path, text ->
            def f = dir.resolve(path)
            Files.createDirectories(f.parent)
            Files.writeString(f, text)
        }
        loader = new URLClassLoader([dir.toUri().toURL()] as URL[], (ClassLoader) null)
        new StdlibCatalog(loader)
    }

    /** Runs {@code runbook list args} with this catalog instead of the class path's. */
    private static CliRun list(StdlibCatalog catalog, String... args) {
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        def io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, 'UTF-8'), new PrintStream(err, true, 'UTF-8'),
                [:], false, false)
        int code = new CommandLine(new ListCommand(io, catalog)).execute(args)
        new CliRun(code, out.toString('UTF-8'), err.toString('UTF-8'))
    }
}
