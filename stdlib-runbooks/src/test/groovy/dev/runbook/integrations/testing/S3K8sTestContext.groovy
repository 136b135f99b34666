package dev.runbook.integrations.testing

import dev.runbook.engine.Clock
import dev.runbook.engine.IntegrationContext
import dev.runbook.engine.Redactor

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * An IntegrationContext for calling the s3 and k8s integrations directly: keeps the events they record, runs in a
 * temp folder, and masks the secrets it is given the way the engine does.
 */
class S3K8sTestContext implements IntegrationContext {
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>()
    final Map<String, String> environment
    final boolean dryRun
    final Path workdir = Files.createTempDirectory('runbook-int-')
    final Clock clock
    private final Redactor redactor

    S3K8sTestContext(Map<String, String> environment = [:], boolean dryRun = false, List<String> secrets = [],
                     Clock clock = Clock.SYSTEM) {
        this.environment = environment
        this.dryRun = dryRun
        this.redactor = new Redactor(secrets)
        this.clock = clock
    }

    @Override String step() { 'test step' }
    @Override void record(String type, Map<String, Object> data) { events << ([type: type] + data) }
    @Override boolean dryRun() { dryRun }
    @Override Map<String, String> environment() { environment }
    @Override Path workdir() { workdir }
    @Override Clock clock() { clock }
    @Override String redact(String text) { redactor.redact(text) }

    /** The integration.call events, oldest first. */
    List<Map<String, Object>> calls() {
        events.findAll { it.type == 'integration.call' }
    }

    Map<String, Object> lastCall() {
        calls().last()
    }
}
