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
 * Tells the team's Slack channel when a run starts waiting for an approval, with one one-time link per member who
 * could decide it (a member with an {@code email:} whose role the request names; all such members when it names
 * none). Each link is that member's: whoever opens it decides as them, once, before it expires — so it goes to
 * the team's own channel only. Looks at the unfinished runs once a second; each request is announced once per
 * server start.
 */
final class ApprovalNotices implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunStore store;
    private final Team team;
    private final OneTimeLinks links;
    private final String publicUrl;
    private final String webhook;
    private final Duration ttl;
    private final Consumer<String> log;
    private final Set<String> announced = new HashSet<>();
    private final Set<String> finished = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;

    ApprovalNotices(RunStore store, Team team, OneTimeLinks links, String publicUrl, String webhook, Duration ttl, Consumer<String> log) {
        this.store = store;
        this.team = team;
        this.links = links;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.webhook = webhook;
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
        StringBuilder text = new StringBuilder("Run " + runId + " (" + runbook + ") waits for approval '" + w.str("approval")
                + "': needs " + needs + ". Open " + publicUrl + "/runs/" + runId + "\n");
        for (Team.Member m : who) {
            String token = links.mint(runId, w.str("approval"), w.str("nonce") == null ? "" : w.str("nonce"), m.name(), ttl);
            text.append("Decide as ").append(m.name()).append(" (one-time link, ").append(ttl.toMinutes()).append(" min): ")
                    .append(publicUrl).append("/link?t=").append(URLEncoder.encode(token, StandardCharsets.UTF_8)).append('\n');
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (team.notifications().slackChannel() != null) body.put("channel", team.notifications().slackChannel());
        body.put("text", text.toString());
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(webhook)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) log.accept("runbook serve: the Slack notice for run " + runId + " was refused: HTTP " + r.statusCode());
        } catch (java.io.IOException e) {
            log.accept("runbook serve: the Slack notice for run " + runId + " was not sent: " + e.getMessage());
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
