package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream

/**
 * The standard runbooks are classpath resources stdlib/<group>/<name>.groovy. These specs put runbooks on a class
 * path of their own (a folder, a jar built like the stdlib-runbooks jar) and read them through the catalog.
 */
class StdlibCatalogSpec extends Specification {
    @TempDir
    Path dir

    @AutoCleanup
    URLClassLoader loader

    static final String ROLLOUT_UNDO = "runbook('rollout-undo') { title 'Undo a Kubernetes rollout'; step('Undo') { sh 'kubectl rollout undo' } }"
    static final String CONTAINER_RESTART = "runbook('container-restart') { step('Restart') { sh 'docker restart api' } }"

    def "lists the runbooks of a folder on the class path by id, sorted, without their specs or other files"() {
        given:
        def root = folder([
                'stdlib/k8s/rollout-undo.groovy'         : ROLLOUT_UNDO,
                'stdlib/k8s/RolloutUndoSpec.groovy'      : 'class RolloutUndoSpec {}',
                'stdlib/docker/container-restart.groovy' : CONTAINER_RESTART,
                'stdlib/docker/README.md'                : 'notes',
                'other/not-stdlib.groovy'                : CONTAINER_RESTART])

        when:
        def catalog = new StdlibCatalog(classPath(root))

        then:
        catalog.list()*.id == ['stdlib:docker/container-restart', 'stdlib:k8s/rollout-undo']
        catalog.list()*.path() == ['docker/container-restart', 'k8s/rollout-undo']
    }

    def "reads the runbooks from a jar laid out like the stdlib-runbooks jar"() {
        given:
        def jar = jar('runbook-stdlib.jar', [
                'stdlib/k8s/rollout-undo.groovy'        : ROLLOUT_UNDO,
                'stdlib/docker/container-restart.groovy': CONTAINER_RESTART,
                'META-INF/services/x'                   : 'y'])

        when:
        def catalog = new StdlibCatalog(classPath(jar))

        then:
        catalog.list()*.id == ['stdlib:docker/container-restart', 'stdlib:k8s/rollout-undo']
        catalog.open('stdlib:k8s/rollout-undo') == ROLLOUT_UNDO
    }

    def "a runbook is found by its id with or without stdlib: and .groovy"() {
        given:
        def catalog = new StdlibCatalog(classPath(folder(['stdlib/k8s/rollout-undo.groovy': ROLLOUT_UNDO])))

        expect:
        catalog.open(id) == ROLLOUT_UNDO
        catalog.find(id).displayPath() == 'stdlib:k8s/rollout-undo.groovy'

        where:
        id << ['stdlib:k8s/rollout-undo', 'k8s/rollout-undo', 'stdlib:k8s/rollout-undo.groovy', ' k8s/rollout-undo ']
    }

    def "a spec, a hidden file or a path out of stdlib/ is never a standard runbook: #id"() {
        given:
        def catalog = new StdlibCatalog(classPath(folder([
                'stdlib/k8s/rollout-undo.groovy'   : ROLLOUT_UNDO,
                'stdlib/k8s/RolloutUndoSpec.groovy': 'class RolloutUndoSpec {}',
                'stdlib/k8s/.draft.groovy'         : ROLLOUT_UNDO,
                'other/not-stdlib.groovy'          : CONTAINER_RESTART])))

        expect:
        catalog.lookup(id).isEmpty()

        where:
        id << ['k8s/RolloutUndoSpec', 'k8s/.draft', '../other/not-stdlib', 'stdlib:', '']
    }

    def "when a folder and a jar both hold an id, the one first on the class path wins and the others still count"() {
        given:
        def first = folder(['stdlib/k8s/rollout-undo.groovy': ROLLOUT_UNDO])
        def second = jar('second.jar', [
                'stdlib/k8s/rollout-undo.groovy'        : "runbook('shadowed') { step('x') { sh 'true' } }",
                'stdlib/docker/container-restart.groovy': CONTAINER_RESTART])

        when:
        def catalog = new StdlibCatalog(classPath(first, second))

        then:
        catalog.list()*.id == ['stdlib:docker/container-restart', 'stdlib:k8s/rollout-undo']
        catalog.open('k8s/rollout-undo') == ROLLOUT_UNDO
    }

    def "an unknown id is refused with the close matches: #asked"() {
        given:
        def catalog = new StdlibCatalog(classPath(folder([
                'stdlib/k8s/rollout-undo.groovy'         : ROLLOUT_UNDO,
                'stdlib/docker/container-restart.groovy' : CONTAINER_RESTART,
                'stdlib/docker/image-rollback.groovy'    : CONTAINER_RESTART])))

        when:
        catalog.find(asked)

        then:
        def e = thrown(StdlibCatalog.UnknownRunbookException)
        e.message == message
        e.what() + ' — ' + e.hint() == message

        where:
        asked                        | message
        'stdlib:k8s/rollout-und'     | "no standard runbook 'stdlib:k8s/rollout-und' — did you mean 'stdlib:k8s/rollout-undo'?"
        'stdlib:compose/rollout-undo'| "no standard runbook 'stdlib:compose/rollout-undo' — did you mean 'stdlib:k8s/rollout-undo'?"
        'paas/fly-rollback'          | "no standard runbook 'stdlib:paas/fly-rollback' — the standard runbooks are: stdlib:docker/container-restart, stdlib:docker/image-rollback, stdlib:k8s/rollout-undo"
    }

    def "with no standard runbooks on the class path the catalog is empty and says so when asked for one"() {
        given:
        def catalog = new StdlibCatalog(classPath(folder(['other/x.groovy': CONTAINER_RESTART])))

        when:
        catalog.find('k8s/rollout-undo')

        then:
        catalog.list().isEmpty()
        def e = thrown(StdlibCatalog.UnknownRunbookException)
        e.message.contains('there are no standard runbooks on the class path')
    }

    def "a standard runbook compiles with the runbook compiler, its problems named by its id"() {
        given:
        def catalog = new StdlibCatalog(classPath(folder([
                'stdlib/k8s/rollout-undo.groovy': ROLLOUT_UNDO,
                'stdlib/k8s/broken.groovy'      : "runbook('broken') {\n    stepp('x') { sh 'true' }\n}\n"])))
        def compiler = new RunbookCompiler()

        when:
        def ok = catalog.find('k8s/rollout-undo').with { compiler.compile(it.text(), it.displayPath()) }

        then:
        ok.name() == 'rollout-undo'
        ok.title() == 'Undo a Kubernetes rollout'

        when:
        catalog.find('k8s/broken').with { compiler.compile(it.text(), it.displayPath()) }

        then:
        def e = thrown(RunbookProblemsException)
        e.problems()*.toString() == ["stdlib:k8s/broken.groovy:2:5: unknown element 'stepp' — did you mean 'step'?"]
    }

    /** A folder holding these files (path → text). */
    private Path folder(Map<String, String> files) {
        def root = Files.createTempDirectory(dir, 'classes')
        files.each { path, text ->
            def f = root.resolve(path)
            Files.createDirectories(f.parent)
            Files.writeString(f, text)
        }
        root
    }

    /** A jar with these files and, as Maven writes them, an entry for each folder. */
    private Path jar(String name, Map<String, String> files) {
        def file = dir.resolve(name)
        new JarOutputStream(Files.newOutputStream(file)).withCloseable { out ->
            def folders = new TreeSet<String>()
            files.keySet().each { path ->
                def parts = path.split('/')
                (1..<parts.length).each { folders << parts[0..<it].join('/') + '/' }
            }
            folders.each { out.putNextEntry(new JarEntry(it)); out.closeEntry() }
            files.each { path, text ->
                out.putNextEntry(new JarEntry(path))
                out.write(text.getBytes('UTF-8'))
                out.closeEntry()
            }
        }
        file
    }

    /** A class loader over just these folders and jars (no parent: the test's own class path stays out). */
    private ClassLoader classPath(Path... entries) {
        loader = new URLClassLoader(entries.collect { it.toUri().toURL() } as URL[], (ClassLoader) null)
        loader
    }
}
