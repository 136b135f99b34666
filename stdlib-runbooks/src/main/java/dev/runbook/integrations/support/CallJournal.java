package dev.runbook.integrations.support;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.Redactor;
import dev.runbook.engine.StepFailure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journals each call of one integration as an {@code integration.call} event (target, action, outcome, duration)
 * and turns whatever the call threw into a {@link StepFailure} that names the integration, what it did and on which
 * target. Every text it emits is masked: the run's secrets, and the credentials the integration itself knows.
 */
public final class CallJournal {
    /** A call's work; may throw anything, which becomes the step's failure. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    private final IntegrationContext context;
    private final String integration;
    private final List<String> credentials = new ArrayList<>();

    public CallJournal(IntegrationContext context, String integration) {
        this.context = context;
        this.integration = integration;
    }

    public IntegrationContext context() {
        return context;
    }

    /** Adds values (passwords, tokens) that must never appear in a message or the journal. */
    public CallJournal hiding(Collection<String> values) {
        for (String v : values) {
            if (v != null && !v.isEmpty() && !credentials.contains(v)) credentials.add(v);
        }
        return this;
    }

    /** Masks the run's secrets and the known credentials. */
    public String mask(String text) {
        if (text == null) return null;
        String out = context.redact(text);
        for (String c : credentials) out = out.replace(c, Redactor.MASK);
        return out;
    }

    /**
     * Runs one call and journals it.
     *
     * @param what how a failure message names the call: "dump of database 'shop'"
     * @param extra more journal fields (rows, versions ...); may be filled in by {@code body} while it runs
     */
    public <T> T call(String action, String target, String what, Map<String, Object> extra, Body<T> body) {
        long t0 = context.clock().millis();
        try {
            T value = body.run();
            record(action, target, "ok", t0, extra, null);
            return value;
        } catch (StepFailure f) {
            String message = mask(f.getMessage());
            record(action, target, "failed", t0, extra, message);
            throw new StepFailure(message, f.kind());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(action, target, "failed", t0, extra, "interrupted");
            throw new StepFailure(integration + ": " + what + " was interrupted", StepFailure.Kind.ABORTED);
        } catch (Exception e) {
            String reason = mask(reason(e));
            record(action, target, "failed", t0, extra, reason);
            throw new StepFailure(integration + ": " + what + " on " + mask(target) + " failed: " + reason, StepFailure.Kind.ERROR);
        }
    }

    /** Journals a call that changes something and was skipped because the run is a dry run. */
    public void dryRun(String action, String target, Map<String, Object> extra) {
        record(action, target, "dry-run", context.clock().millis(), extra, null);
    }

    /** A failure of this integration, with its message masked. */
    public StepFailure failure(String message) {
        return new StepFailure(mask(integration + ": " + message), StepFailure.Kind.ERROR);
    }

    private void record(String action, String target, String outcome, long t0, Map<String, Object> extra, String error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("integration", integration);
        d.put("target", mask(target));
        d.put("action", action);
        d.put("outcome", outcome);
        d.put("durationMs", Math.max(0, context.clock().millis() - t0));
        if (extra != null) extra.forEach((k, v) -> d.put(k, v instanceof String s ? mask(s) : v));
        if (error != null) d.put("error", error);
        context.record("integration.call", d);
    }

    /** The message of an exception, on one line, without the Java class name where there is a message. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m.strip().replaceAll("\\s*\\R\\s*", " — ");
    }
}
