package dev.runbook.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.cli.ApproveCommand;
import dev.runbook.journal.Event;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Team;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells the team's Slack channel, and its PagerDuty service when the team file names one ({@code pagerduty
 * routingKey:}), when a run starts waiting for an approval, with one one-time link per member who could decide it (a
 * member with an {@code email:} whose role the request names; all such members when it names none). Each link is
 * that member's: whoever opens it decides as them, once, before it expires — so it goes to the team's own channel and
 * service only. In PagerDuty the links are the event's {@code links} (shown on the incident) and are repeated in its
 * {@code custom_details}; the event's {@code dedup_key} is the request's, so a second server start does not open a
 * second incident. Looks at the unfinished runs once a second; each request is announced once per server start.
 */
final class ApprovalNotices implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PagerDuty's Events API v2: the routing key of the team's service, and where to post (a stand-in in specs). */
    record PagerDuty(String routingKey, String url) {}

    private final RunStore store;
    private final Team team;
    private final OneTimeLinks links;
    private final String publicUrl;
    private final String webhook;
    private final PagerDuty pagerduty;
    private final Duration ttl;
    private final Consumer<String> log;
    private final Set<String> announced = new HashSet<>();
    private final Set<String> finished = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;

    ApprovalNotices(RunStore store, Team team, OneTimeLinks links, String publicUrl, String webhook, PagerDuty pagerduty, Duration ttl,
                    Consumer<String> log) {
        this.store = store;
        this.team = team;
        this.links = links;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.webhook = webhook;
        this.pagerduty = pagerduty;
        this.ttl = ttl;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("runbook-serve-notices").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                scan();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("runbook serve: approval notices: " + e.getMessage());
            }
        }
    }

    void scan() {
        for (String id : store.runIds()) {
            if (finished.contains(id)) continue;
            List<Event> events = store.readTimeline(id).events();
            if (events.stream().anyMatch(e -> e.type().equals("run.finished"))) {
                finished.add(id);
                continue;
            }
            ApproveCommand.waitingFor(events).ifPresent(w -> {
                String key = id + "/" + w.str("approval") + "/" + w.str("nonce");
                if (announced.add(key)) announce(id, events, w);
            });
        }
    }

    private void announce(String runId, List<Event> events, Event w) {
        String needs = String.valueOf(w.str("needs"));
        List<Team.Member> who = team.members().stream().filter(m -> m.identity().email() != null).toList();
        List<Team.Member> named = who.stream().filter(m -> m.roles().stream().anyMatch(needs::contains)).toList();
        if (!named.isEmpty()) who = named;
        if (who.isEmpty()) {
            log.accept("runbook serve: run " + runId + " waits for approval, but no member of " + team.source() + " has an email: to send a link for");
            return;
        }
        String runbook = RunSummary.of(store, runId, events).runbook();
        String pageUrl = publicUrl + "/runs/" + runId;
        String headline = "Run " + runId + " (" + runbook + ") waits for approval '" + w.str("approval") + "': needs " + needs + ".";
        StringBuilder text = new StringBuilder(headline + " Open " + pageUrl + "\n");
        Map<String, String> decide = new LinkedHashMap<>(); // member → their link
        for (Team.Member m : who) {
            String token = links.mint(runId, w.str("approval"), w.str("nonce") == null ? "" : w.str("nonce"), m.name(), ttl);
            String link = publicUrl + "/link?t=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            decide.put(m.name(), link);
            text.append("Decide as ").append(m.name()).append(" (one-time link, ").append(ttl.toMinutes()).append(" min): ")
                    .append(link).append('\n');
        }
        if (webhook != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (team.notifications().slackChannel() != null) body.put("channel", team.notifications().slackChannel());
            body.put("text", text.toString());
            send("Slack", webhook, body, runId);
        }
        if (pagerduty != null) send("PagerDuty", pagerduty.url(), pagerdutyEvent(runId, runbook, w, headline, pageUrl, decide), runId);
    }

    /** A PagerDuty Events API v2 trigger: the links on the incident, and again in its details (the routing key goes in clear). */
    private Map<String, Object> pagerdutyEvent(String runId, String runbook, Event w, String headline, String pageUrl, Map<String, String> decide) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("run", runId);
        details.put("runbook", runbook);
        details.put("approval", w.str("approval"));
        details.put("needs", w.str("needs"));
        details.put("page", pageUrl);
        Map<String, String> byMember = new LinkedHashMap<>();
        decide.forEach((member, link) -> byMember.put(member, link));
        details.put("one-time links (" + ttl.toMinutes() + " min)", byMember);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", headline.length() > 1000 ? headline.substring(0, 1000) : headline);
        payload.put("source", "runbook serve " + publicUrl);
        payload.put("severity", "warning");
        if (runbook != null) payload.put("component", runbook);
        payload.put("custom_details", details);
        List<Map<String, String>> eventLinks = new java.util.ArrayList<>();
        eventLinks.add(Map.of("href", pageUrl, "text", "Run " + runId));
        decide.forEach((member, link) -> eventLinks.add(Map.of("href", link,
                "text", "Decide as " + member + " (one-time link, " + ttl.toMinutes() + " min)")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", pagerduty.routingKey());
        body.put("event_action", "trigger");
        body.put("dedup_key", "runbook-approval-" + runId + "-" + w.str("approval") + "-" + (w.str("nonce") == null ? "" : w.str("nonce")));
        body.put("payload", payload);
        body.put("links", eventLinks);
        return body;
    }

    private void send(String where, String url, Map<String, Object> body, String runId) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) log.accept("runbook serve: the " + where + " notice for run " + runId + " was refused: HTTP " + r.statusCode());
        } catch (java.io.IOException | IllegalArgumentException e) {
            log.accept("runbook serve: the " + where + " notice for run " + runId + " was not sent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
