package dev.runbook.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.diag.Suggestions;
import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;
import dev.runbook.model.Team;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code notify slack: '#incidents', text: '...'}, {@code notify pagerduty: [summary: ..., severity: ...]},
 * {@code notify webhook: url, json: [...]}. Webhook URLs and keys come from the call ({@code url:},
 * {@code routingKey:}), the team file, or the environment ({@code SLACK_WEBHOOK}, {@code PAGERDUTY_ROUTING_KEY}).
 * A failed notification is tried three times, then recorded as a warning; it fails the step only with
 * {@code required: true}. Secrets are masked in every body before it leaves.
 */
public final class Notifier {
    static final String DEFAULT_PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    private static final Set<String> OPTIONS = Set.of("slack", "pagerduty", "webhook", "text", "json", "url", "required");
    /** GStrings ("${x}") are written as their text, not as a bean of their parts (whose bytes would leak unmasked). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(groovy.lang.GString.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));
    private static final int ATTEMPTS = 3;
    private static volatile HttpClient client;

    private final IntegrationContext context;

    public Notifier(IntegrationContext context) {
        this.context = context;
    }

    /** {@code notify slack: '#chan', text: '...'} and the other forms. */
    public Map<String, Object> call(Map<String, Object> options) {
        for (String k : options.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new StepFailure("unknown option '" + k + ":' for notify — "
                        + Suggestions.didYouMean(k, OPTIONS, "write notify slack: '#incidents', text: '...'"), StepFailure.Kind.ERROR);
            }
        }
        boolean required = Boolean.TRUE.equals(options.get("required"));
        if (options.containsKey("slack")) return slack(String.valueOf(options.get("slack")), text(options), (String) options.get("url"), required);
        if (options.get("pagerduty") instanceof Map<?, ?> pd) return pagerduty(pd, required);
        if (options.containsKey("webhook")) {
            Object body = options.containsKey("json") ? options.get("json") : Map.of("text", text(options));
            return post("webhook", String.valueOf(options.get("webhook")), String.valueOf(options.get("webhook")), body, Map.of(), required);
        }
        throw new StepFailure("notify needs a target — write notify slack: '#incidents', text: '...', "
                + "notify pagerduty: [summary: '...'] or notify webhook: URL, json: [...]", StepFailure.Kind.ERROR);
    }

    public Map<String, Object> slack(String channel, String text, String url, boolean required) {
        Team.NotifySettings s = context.team().notifications();
        String webhook = url != null ? url : env(s.slackWebhookSecret(), "SLACK_WEBHOOK");
        if (webhook == null) {
            return missing("slack " + channel, "no Slack webhook: set SLACK_WEBHOOK (declare it with secret 'SLACK_WEBHOOK'), "
                    + "or slack webhook: 'ENV_NAME' in the team file", required);
        }
        String ch = channel == null || channel.isBlank() || channel.equals("null") ? s.slackChannel() : channel;
        Map<String, Object> body = new LinkedHashMap<>();
        if (ch != null) body.put("channel", ch);
        body.put("text", text);
        return post("slack", "slack " + (ch == null ? "" : ch), webhook, body, Map.of(), required);
    }

    private Map<String, Object> pagerduty(Map<?, ?> pd, boolean required) {
        Team.NotifySettings s = context.team().notifications();
        Object key = pd.get("routingKey");
        String routingKey = key != null ? key.toString() : env(s.pagerdutyKeySecret(), "PAGERDUTY_ROUTING_KEY");
        if (routingKey == null) {
            return missing("pagerduty", "no PagerDuty routing key: set PAGERDUTY_ROUTING_KEY or pass routingKey:", required);
        }
        String url = pd.get("url") != null ? pd.get("url").toString()
                : s.pagerdutyUrl() != null ? s.pagerdutyUrl()
                : context.environment().getOrDefault("RUNBOOK_PAGERDUTY_URL", DEFAULT_PAGERDUTY_URL);
        String action = pd.get("action") == null ? "trigger" : pd.get("action").toString();
        String dedup = pd.get("dedupKey") != null ? pd.get("dedupKey").toString()
                : "runbook-" + (context.runId() == null ? "manual" : context.runId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_action", action);
        body.put("dedup_key", dedup);
        if (action.equals("trigger")) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", String.valueOf(pd.get("summary") == null ? "Runbook " + context.runbookName() : pd.get("summary")));
            payload.put("source", pd.get("source") == null ? "runbook " + context.runbookName() : pd.get("source").toString());
            payload.put("severity", pd.get("severity") == null ? "error" : pd.get("severity").toString());
            if (context.runbookName() != null) payload.put("component", context.runbookName());
            if (pd.get("details") instanceof Map<?, ?> details) payload.put("custom_details", details);
            body.put("payload", payload);
        }
        // the routing key is PagerDuty's address for the event: it goes out in clear (the journal still masks it)
        return post("pagerduty", "pagerduty " + action + " " + dedup, url, body, Map.of("routing_key", routingKey), required);
    }

    /**
     * Posts JSON with up to three attempts; records each outcome; throws only when {@code required}. Secrets in
     * {@code body} are masked; {@code clear} holds top-level fields the receiver needs as they are (a routing key).
     */
    private Map<String, Object> post(String kind, String target, String url, Object body, Map<String, Object> clear, boolean required) {
        String json;
        try {
            Object masked = JSON.readValue(context.redact(JSON.writeValueAsString(body)), Object.class);
            Map<String, Object> out = new LinkedHashMap<>(clear);
            if (masked instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), v));
            json = JSON.writeValueAsString(clear.isEmpty() ? masked : out);
        } catch (JsonProcessingException e) {
            throw new StepFailure("notify " + kind + ": the message cannot be written as JSON: " + e.getOriginalMessage(), StepFailure.Kind.ERROR);
        }
        long t0 = context.clock().millis();
        if (context.dryRun()) {
            record(kind, target, "dry-run", 0, t0, null, json);
            return Map.of("sent", false, "dryRun", true);
        }
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    record(kind, target, "ok", attempt, t0, null, json);
                    return Map.of("sent", true, "status", r.statusCode(), "attempts", attempt);
                }
                last = "HTTP " + r.statusCode() + (r.body() == null || r.body().isBlank() ? "" : ": " + abbreviate(r.body()));
            } catch (IOException | IllegalArgumentException e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt < ATTEMPTS) {
                try {
                    context.clock().sleep(Duration.ofSeconds(attempt), () -> false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        record(kind, target, "failed", ATTEMPTS, t0, last, json);
        if (required) throw new StepFailure("notify " + target + " failed after " + ATTEMPTS + " attempts: " + last, StepFailure.Kind.ERROR);
        return Map.of("sent", false, "error", String.valueOf(last));
    }

    private Map<String, Object> missing(String target, String why, boolean required) {
        record(target.split(" ")[0], target, "failed", 0, context.clock().millis(), why, null);
        if (required) throw new StepFailure("notify " + target + ": " + why, StepFailure.Kind.ERROR);
        return Map.of("sent", false, "error", why);
    }

    private void record(String kind, String target, String outcome, int attempts, long t0, String error, String body) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("integration", "notify");
        d.put("target", target);
        d.put("action", kind);
        d.put("outcome", outcome);
        if (attempts > 0) d.put("attempts", attempts);
        d.put("durationMs", context.clock().millis() - t0);
        if (error != null) d.put("error", error);
        if (body != null) d.put("body", body);
        context.record("integration.call", d);
    }

    private String env(String configured, String fallback) {
        String name = configured != null ? configured : fallback;
        String v = context.environment().get(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String text(Map<String, Object> options) {
        Object t = options.get("text");
        if (t == null) throw new StepFailure("notify needs text: — write notify slack: '#incidents', text: 'what happened'", StepFailure.Kind.ERROR);
        return t.toString();
    }

    private static HttpClient client() {
        if (client == null) {
            synchronized (Notifier.class) {
                if (client == null) client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            }
        }
        return client;
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }

    /** The kinds of targets, for messages. */
    static final List<String> KINDS = List.of("slack", "pagerduty", "webhook");
}
