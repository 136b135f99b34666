package dev.runbook.cli

import dev.runbook.testing.SpecLocations
import org.junit.platform.launcher.core.LauncherFactory
import org.junit.platform.launcher.listeners.SummaryGeneratingListener
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request

/**
 * The specs that {@code runbook init} and {@code runbook new} write pass against the real harness
 * (RunbookSpecification), run here on the JUnit Platform as {@code runbook test} would run them: a team starts green.
 */
class ScaffoldSpecsPassSpec extends Specification {
    @TempDir
    Path dir

    def "the spec runbook init writes passes: the restart succeeds, and a failed restart tells the team"() {
        given:
        CliRun.of('init', dir.toString())

        when:
        def summary = runSpec(dir.resolve('RestartApiSpec.groovy'))

        then:
        summary.failures*.exception*.message == []
        summary.testsSucceededCount == 2
    }

    def "the spec runbook new writes passes against the runbook it writes beside it"() {
        given:
        CliRun.of('init', dir.toString())
        CliRun.of('new', 'disk-cleanup', '--dir', dir.toString())

        when:
        def summary = runSpec(dir.resolve('DiskCleanupSpec.groovy'))

        then:
        summary.failures*.exception*.message == []
        summary.testsSucceededCount == 2
    }

    def "the scaffold's spec fails when its runbook no longer does what the spec says"() {
        given: 'the restart step edited to restart another unit than the one given'
        CliRun.of('init', dir.toString())
        def runbook = dir.resolve('restart-api.groovy')
        Files.writeString(runbook, Files.readString(runbook).replace('systemctl restart ${params.service}', 'systemctl restart other'))

        when:
        def summary = runSpec(dir.resolve('RestartApiSpec.groovy'))

        then:
        summary.testsFailedCount == 2
        summary.failures*.exception*.message.every { it.contains('systemctl restart other') }
    }

    /** Compiles one spec file and runs it on the JUnit Platform, its runbooks found beside it. */
    private static def runSpec(Path specFile) {
        def loader = new GroovyClassLoader(ScaffoldSpecsPassSpec.classLoader)
        Class<?> spec = loader.parseClass(specFile.toFile())
        SpecLocations.register(spec.name, specFile)
        def listener = new SummaryGeneratingListener()
        LauncherFactory.create().execute(request().selectors(selectClass(spec)).build(), listener)
        listener.summary
    }
}
