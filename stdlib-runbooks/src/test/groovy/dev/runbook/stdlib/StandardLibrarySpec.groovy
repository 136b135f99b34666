package dev.runbook.stdlib

import dev.runbook.compile.RunbookCompiler
import dev.runbook.model.Step
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * What every standard runbook promises, checked for all of them at once: it compiles (as `runbook check` would),
 * it is on the class path for `stdlib('...')` and `include 'stdlib:...'`, it has a spec beside it, it says what it
 * is and what each param means, and docs/stdlib.md lists it.
 */
class StandardLibrarySpec extends Specification {
    static final Path ROOT = Path.of('runbooks')
    static final List<Path> RUNBOOKS = Files.walk(ROOT).withCloseable { s ->
        s.filter { it.toString().endsWith('.groovy') && !it.fileName.toString().endsWith('Spec.groovy') }.sorted().toList()
    }

    static String idOf(Path file) { ROOT.relativize(file).toString().replace('\\', '/').replaceFirst(/\.groovy$/, '') }

    def "the standard library has the runbooks issue 6 lists"() {
        expect:
        RUNBOOKS.collect { idOf(it) }.containsAll(['k8s/rollout-undo', 'docker/container-restart', 'docker/image-rollback',
                'compose/service-rollback', 'postgres/restore-from-s3', 'postgres/migration-rollback', 'postgres/recovery-db-swap',
                'config/config-rollback', 'app/maintenance-mode', 'incident/triage', 'incident/emergency-rollback',
                'traffic/blue-green-switch', 'paas/fly-rollback', 'paas/wrangler-rollback'])
    }

    def "#id compiles without a problem, describes itself and each param, and limits the time of each step"() {
        when:
        def runbook = new RunbookCompiler().compile(file)

        then:
        runbook.title()
        runbook.description()
        runbook.tags()
        runbook.params().findAll { !it.description() }*.name() == []
        runbook.nodes().findAll { it instanceof Step && it.options().timeout() == null }*.name() == []
        runbook.onFailure() != null

        where:
        file << RUNBOOKS
        id = idOf(file)
    }

    def "#id is on the class path as stdlib/#id, exactly as in the source tree"() {
        expect:
        def url = getClass().classLoader.getResource("stdlib/${id}.groovy")
        url != null
        url.getText('UTF-8') == Files.readString(file)

        where:
        file << RUNBOOKS
        id = idOf(file)
    }

    def "#id has its spec beside it and is listed in docs/stdlib.md"() {
        given:
        String pascal = file.fileName.toString().replaceFirst(/\.groovy$/, '').split('-').collect { it.capitalize() }.join('')

        expect:
        Files.exists(file.resolveSibling("${pascal}Spec.groovy"))
        Files.readString(Path.of('../docs/stdlib.md')).contains("## $id")

        where:
        file << RUNBOOKS
        id = idOf(file)
    }

    def "no spec file is shipped as a standard runbook"() {
        expect:
        getClass().classLoader.getResource('stdlib/k8s/RolloutUndoSpec.groovy') == null
    }
}
