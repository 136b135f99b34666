package dev.runbook.integrations.testing

import dev.runbook.engine.Clock
import dev.runbook.engine.IntegrationContext
import dev.runbook.engine.Redactor

import java.nio.file.Files
import java.nio.file.Path

/**
 * An IntegrationContext for calling the pg and PaaS CLI integrations directly: keeps every journaled event, masks the
 * given secrets the way the engine does, and can be switched to a dry run.
 */
class PgTestContext implements IntegrationContext {
    final List<Map<String, Object>> events = []
    final Map<String, String> env
    final Redactor redactor
    final Path dir = Files.createTempDirectory('pg-test-context')
    boolean dry

    PgTestContext(Map<String, String> env = [:], Collection<String> secrets = []) {
        this.env = new LinkedHashMap<>(System.getenv())
        this.env.putAll(env)
        this.redactor = new Redactor(secrets)
    }

    /** The integration.call events, in order. */
    List<Map<String, Object>> getCalls() {
        events.findAll { it.type == 'integration.call' }.collect { it.data as Map<String, Object> }
    }

    @Override String step() { 'test step' }
    @Override void record(String type, Map<String, Object> data) { events << [type: type, data: new LinkedHashMap<>(data)] }
    @Override boolean dryRun() { dry }
    @Override Map<String, String> environment() { env }
    @Override Path workdir() { dir }
    @Override Clock clock() { Clock.SYSTEM }
    @Override String redact(String text) { redactor.redact(text) }
}
