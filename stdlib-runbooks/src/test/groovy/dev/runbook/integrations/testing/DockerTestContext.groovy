package dev.runbook.integrations.testing

import dev.runbook.engine.Clock
import dev.runbook.engine.IntegrationContext

import java.nio.file.Path

/** An IntegrationContext for calling the docker and compose integrations directly: keeps what they journal. */
class DockerTestContext implements IntegrationContext {
    final List<Map<String, Object>> calls = []
    boolean dryRun
    Map<String, String> environment
    /** The docker and compose integrations keep no artifacts; a run's folder is not needed. */
    Path workdir = Path.of(System.getProperty('java.io.tmpdir'))

    DockerTestContext(Map<String, String> environment, boolean dryRun = false) {
        this.environment = environment
        this.dryRun = dryRun
    }

    @Override String step() { 'test step' }
    @Override void record(String type, Map<String, Object> data) { calls << ([type: type] + data) }
    @Override boolean dryRun() { dryRun }
    @Override Map<String, String> environment() { environment }
    @Override Path workdir() { workdir }
    @Override Clock clock() { Clock.SYSTEM }
    @Override String redact(String text) { text }

    /** The journaled integration.call events for one action. */
    List<Map<String, Object>> callsOf(String action) {
        calls.findAll { it.type == 'integration.call' && it.action == action }
    }
}
