package dev.runbook.integrations.docker;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one integration call and journals it as {@code integration.call} (integration, target, action, outcome,
 * durationMs, error). Failures become a {@link StepFailure} whose message names the integration, the target and
 * what failed; nothing is retried.
 */
public final class CallJournal {
    private final IntegrationContext context;
    private final String integration;
    private final Function<Throwable, String> reason;

    /** @param reason turns a library exception into the words after "failed: " */
    public CallJournal(IntegrationContext context, String integration, Function<Throwable, String> reason) {
        this.context = context;
        this.integration = integration;
        this.reason = reason;
    }

    public IntegrationContext context() {
        return context;
    }

    /** A call that only reads: it runs in dry-run too. */
    public <T> T read(Target target, String action, Map<String, Object> details, Supplier<T> body) {
        return run(target, action, details, body);
    }

    /** A call that changes something: in dry-run it is journaled as {@code dry-run} and {@code dryRunResult} is returned. */
    public <T> T change(Target target, String action, Map<String, Object> details, Supplier<T> dryRunResult, Supplier<T> body) {
        if (context.dryRun()) {
            record(target, action, details, "dry-run", 0, null);
            return dryRunResult.get();
        }
        return run(target, action, details, body);
    }

    /**
     * A docker call that changes something, run behind a {@link Shield}: an interrupt of the step's thread does not
     * cut it off. An interrupt that came before it began means it is not done at all; one that comes while it runs
     * is journaled ({@code interrupted: true}) with what the call made of it: {@code state: completed} when it
     * finished anyway, or what the body put in {@code details} (compensated, unknown) when it failed.
     */
    <T> T changeShielded(Target target, String action, Map<String, Object> details, Supplier<T> dryRunResult,
                         java.util.function.Function<Shield, T> body) {
        Map<String, Object> d = details == null ? new LinkedHashMap<>() : details;
        if (context.dryRun()) return change(target, action, d, dryRunResult, null);
        boolean before = Thread.currentThread().isInterrupted();
        Shield shield = new Shield();
        // registered until its journal line is written: SIGTERM waits for that before the process ends
        try (var inFlight = dev.runbook.engine.DestructiveCalls.enter(shield::askStop)) {
            return shielded(target, action, d, before, shield, body);
        }
    }

    private <T> T shielded(Target target, String action, Map<String, Object> d, boolean before, Shield shield,
                           java.util.function.Function<Shield, T> body) {
        return run(target, action, d, () -> {
            if (before) {
                d.put("interrupted", true);
                d.put("state", "unchanged");
                throw new StepFailure(integration + ": " + action + " of " + target + " was not done: the step was stopped before it began",
                        StepFailure.Kind.ABORTED);
            }
            T result = shield.call(action + " " + target.name(), body);
            if (Thread.currentThread().isInterrupted() || shield.stopAsked()) {
                d.put("interrupted", true);
                d.putIfAbsent("state", "completed");
            }
            return result;
        });
    }

    private <T> T run(Target target, String action, Map<String, Object> details, Supplier<T> body) {
        long t0 = context.clock().millis();
        try {
            T result = body.get();
            record(target, action, details, "ok", context.clock().millis() - t0, null);
            return result;
        } catch (StepFailure f) {
            if ((Thread.currentThread().isInterrupted() || f.kind() == StepFailure.Kind.ABORTED) && details != null) details.put("interrupted", true);
            record(target, action, details, "failed", context.clock().millis() - t0, f.getMessage());
            throw f;
        } catch (RuntimeException e) {
            String message = context.redact(failedMessage(target, action, reason.apply(e)));
            boolean interrupted = DockerErrors.interrupted(e) || Thread.currentThread().isInterrupted();
            if (interrupted && details != null) {
                details.put("interrupted", true);
                details.put("state", "unknown");
            }
            record(target, action, details, "failed", context.clock().millis() - t0, message);
            throw new StepFailure(message, interrupted ? StepFailure.Kind.ABORTED : StepFailure.Kind.ERROR);
        }
    }

    /** "docker: restart of container 'api' failed: No such container: api". */
    public String failedMessage(Target target, String action, String why) {
        return integration + ": " + action + " of " + target + " failed: " + why;
    }

    private void record(Target target, String action, Map<String, Object> details, String outcome, long ms, String error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("integration", integration);
        data.put("target", context.redact(target.name()));
        data.put("action", action);
        data.put("outcome", outcome);
        data.put("durationMs", ms);
        if (details != null) data.putAll(details);
        if (error != null) data.put("error", error);
        context.record("integration.call", data);
    }

    /** What a call acts on: a kind for messages ("container") and the name journaled as the target. */
    public record Target(String kind, String name) {
        @Override public String toString() {
            return kind + " '" + name + "'";
        }
    }
}
