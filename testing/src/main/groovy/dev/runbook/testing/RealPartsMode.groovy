package dev.runbook.testing

import dev.runbook.engine.IntegrationContext
import dev.runbook.engine.IntegrationProvider
import dev.runbook.engine.Integrations
import dev.runbook.journal.EventTypes
import org.opentest4j.TestAbortedException

import java.lang.reflect.Method
import java.nio.file.Path

/**
 * The switch between fakes and the real parts for a spec's runs. Real mode is on under {@code runbook test --real}
 * (it sets the system property {@value #PROPERTY} to {@code true}; Maven: {@code -Drunbook.realParts=true}).
 * In real mode a feature marked {@link RealParts} runs with those integrations real, at the endpoints
 * {@link RealEndpoints} reads, in real time, and {@code sh} runs in bash; any other feature is skipped. A feature
 * whose endpoints are not configured is skipped naming the variable to set, or fails when
 * {@code RUNBOOK_REQUIRE_REAL_PARTS=1} (as CI sets): there a skip would hide that the real parts never ran.
 */
final class RealPartsMode {
    public static final String PROPERTY = 'runbook.realParts'
    public static final String REQUIRE = 'RUNBOOK_REQUIRE_REAL_PARTS'

    /** Whether this feature runs for real: sh in bash, real time, and the {@link #parts} real. */
    final boolean real
    /** The real integrations of this feature (none: only sh and time are real). */
    final List<String> parts
    private final RealEndpoints endpoints

    private RealPartsMode(boolean real, List<String> parts, RealEndpoints endpoints) {
        this.real = real
        this.parts = parts
        this.endpoints = endpoints
    }

    static boolean on() {
        Boolean.parseBoolean(System.getProperty(PROPERTY))
    }

    /**
     * How the feature now running runs: with fakes (real mode off), or with the parts its {@link RealParts} names.
     * @throws TestAbortedException in real mode, for a feature not marked or whose endpoints are not configured
     * @throws AssertionError when they are not configured and {@code RUNBOOK_REQUIRE_REAL_PARTS=1}, or a part is unknown
     */
    static RealPartsMode forFeature(Class<?> spec, Method feature, Map<String, String> env, boolean on = on()) {
        if (!on) return new RealPartsMode(false, [], null)
        RealParts marked = feature?.getAnnotation(RealParts) ?: spec.getAnnotation(RealParts)
        if (marked == null) {
            throw new TestAbortedException("fakes only (runbook test --real runs the features marked @RealParts): " +
                    "its scripted answers hold for fakes, not for the real parts")
        }
        List<String> parts = marked.value() as List<String>
        List<String> unknown = RealEndpoints.unknown(parts)
        if (unknown) {
            throw new AssertionError("@RealParts names ${unknown.join(', ')}: real mode knows ${RealEndpoints.VARIABLES.keySet().join(', ')}".toString())
        }
        def endpoints = new RealEndpoints(env)
        List<String> missing = endpoints.missing(parts)
        if (missing) {
            String what = "the real parts are not configured — ${missing.join('; ')}"
            if (env[REQUIRE] == '1') throw new AssertionError("${what} (${REQUIRE}=1: a missing part fails the run)".toString())
            throw new TestAbortedException(what)
        }
        new RealPartsMode(true, parts, endpoints)
    }

    /** The run's environment: the process's (where the endpoints are), then what the spec set. */
    Map<String, String> environment(Map<String, String> specEnv, Path scratch) {
        endpoints.runEnvironment(parts, scratch) + specEnv
    }

    /** Puts the real integrations in place of the fakes of the same name, each recording its calls in {@code log}. */
    void useRealIntegrations(Integrations into, ClassLoader loader, CallLog log) {
        Map<String, IntegrationProvider> real = ServiceLoader.load(IntegrationProvider, loader).collectEntries { [(it.name()): it] }
        parts.each { String name ->
            IntegrationProvider p = real[name]
            if (p == null) throw new AssertionError("@RealParts('$name'): no '$name' integration on the class path (${real.keySet().join(', ')})".toString())
            into.register(new IntegrationProvider() {
                String name() { name }

                Object create(IntegrationContext context) {
                    new RecordingIntegration(p.create(context), name, [], context.step(), log)
                }
            })
        }
    }

    /** {@code sh} runs for real: each command is recorded as the journal has it (secrets masked) when it starts. */
    dev.runbook.engine.EventListener commandRecorder(CallLog log) {
        { event ->
            if (event.type() == EventTypes.COMMAND_STARTED) log.add('sh', String.valueOf(event.data().command), event.data().step as String)
        } as dev.runbook.engine.EventListener
    }
}
