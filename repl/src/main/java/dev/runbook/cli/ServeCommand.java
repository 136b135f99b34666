package dev.runbook.cli;

import dev.runbook.compile.TeamFiles;
import dev.runbook.journal.FileRunStore;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Team;
import dev.runbook.serve.WebServer;
import dev.runbook.term.Compilers;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Journals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code runbook serve}: the team page. The runs, each run's live timeline and report, and approve / deny for
 * people the server can verify: through the team's single sign-on proxy, or a one-time link it sent. Serves until
 * stopped (Ctrl-C).
 */
@Command(name = "serve", description = "Serve the team page: runs, live timelines, reports, approvals in the browser.",
        mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the port (default: 8080; 0: any free one)")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "the address to listen on "
            + "(default: 127.0.0.1; put the server behind your proxy rather than on 0.0.0.0)")
    String bind;

    @Option(names = "--team", paramLabel = "FILE", description = "the team file (default: runbook.team.groovy found here)")
    Path teamFile;

    @Option(names = "--trust-proxy", paramLabel = "ADDR", description = "the single sign-on proxy's address; its user header is "
            + "believed from these addresses only (repeatable; none: no single sign-on)")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--user-header", paramLabel = "NAME", defaultValue = "X-Forwarded-Email",
            description = "the header the proxy puts the signed-in address in (default: X-Forwarded-Email, as oauth2-proxy)")
    String userHeader;

    @Option(names = "--public-url", paramLabel = "URL", description = "the address people open the server at; with a Slack "
            + "webhook (team file or SLACK_WEBHOOK) or a PagerDuty routing key (team file or PAGERDUTY_ROUTING_KEY), each approval "
            + "request is posted there with one-time links")
    String publicUrl;

    @Option(names = "--link-minutes", paramLabel = "N", defaultValue = "30", description = "how long a one-time link works (default: 30)")
    int linkMinutes;

    @Option(names = "--state", paramLabel = "DIR", description = "where the server keeps its key and used links "
            + "(default: .serve in a folder journal, else ~/.config/runbook/serve)")
    Path stateDir;

    public ServeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        Optional<String> bad = checkOptions();
        if (bad.isPresent()) {
            io.err().println("runbook serve: " + bad.get());
            return ExitCodes.BAD_INPUT;
        }
        Set<InetAddress> proxies = new LinkedHashSet<>();
        InetAddress bindAddress;
        try {
            for (String p : trustedProxies) proxies.add(InetAddress.getByName(p));
            bindAddress = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            io.err().println("runbook serve: not an address: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Team team = teamFile != null ? Compilers.of(io).compileTeam(teamFile)
                : TeamFiles.find(Path.of("").toAbsolutePath().resolve("runbook"), Path.of(""))
                .map(f -> Compilers.of(io).compileTeam(Path.of("").toAbsolutePath().relativize(f.toAbsolutePath()))).orElse(Team.defaults());
        try (RunStore store = Journals.open(io, journal, team)) {
            Path state = stateDir != null ? stateDir : store instanceof FileRunStore ? store.runDir(".serve").normalize()
                    : Path.of(System.getProperty("user.home"), ".config", "runbook", "serve");
            String webhookEnv = team.notifications().slackWebhookSecret() != null ? team.notifications().slackWebhookSecret() : "SLACK_WEBHOOK";
            String webhook = io.env().get(webhookEnv);
            // PagerDuty as notify pagerduty: finds it: the team file's routingKey: names the variable, else PAGERDUTY_ROUTING_KEY
            String pdEnv = team.notifications().pagerdutyKeySecret() != null ? team.notifications().pagerdutyKeySecret() : "PAGERDUTY_ROUTING_KEY";
            String pdKey = io.env().get(pdEnv);
            String pdUrl = team.notifications().pagerdutyUrl() != null ? team.notifications().pagerdutyUrl()
                    : io.env().getOrDefault("RUNBOOK_PAGERDUTY_URL", "https://events.pagerduty.com/v2/enqueue");
            WebServer.Settings settings = new WebServer.Settings(new InetSocketAddress(bindAddress, port), state, proxies, userHeader,
                    publicUrl, webhook == null || webhook.isBlank() ? null : webhook, Duration.ofMinutes(linkMinutes),
                    pdKey == null || pdKey.isBlank() ? null : pdKey, pdUrl);
            WebServer server;
            try {
                server = WebServer.start(store, team, settings, Clock.systemUTC(), io.err()::println);
            } catch (BindException e) {
                io.err().println("runbook serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage() + " (is another server on it? --port)");
                return ExitCodes.ENVIRONMENT;
            } catch (java.io.IOException e) {
                io.err().println("runbook serve: " + e.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            try (server) {
                io.out().println("Serving " + store.location() + " at http://" + hostForUrl(bindAddress) + ":" + server.port() + "/");
                io.out().println("  team file: " + team.source() + (team.serve() == null
                        ? " (names no server: approvals from the page are refused until it says serve login: '"
                        + System.getProperty("user.name") + "')" : ""));
                io.out().println("  single sign-on: " + (proxies.isEmpty() ? "off (--trust-proxy ADDR)"
                        : userHeader + " from " + String.join(", ", trustedProxies)));
                io.out().println("  one-time links: " + (settings.announces()
                        ? "posted to " + (settings.slackWebhook() != null && settings.pagerdutyRoutingKey() != null ? "Slack and PagerDuty"
                        : settings.slackWebhook() != null ? "Slack" : "PagerDuty") + " with each approval request, " + linkMinutes + " min"
                        : "not sent (--public-url and a Slack webhook or PagerDuty routing key)"));
                io.out().println("Stop with Ctrl-C.");
                io.out().flush();
                new CountDownLatch(1).await(); // until the process is stopped
            }
        }
        return ExitCodes.OK;
    }

    private Optional<String> checkOptions() {
        if (port < 0 || port > 65535) return Optional.of("--port " + port + " is not a port (0 to 65535)");
        if (linkMinutes < 1 || linkMinutes > 24 * 60) return Optional.of("--link-minutes " + linkMinutes + " must be 1 to 1440");
        if (!userHeader.matches("[A-Za-z0-9-]+")) return Optional.of("--user-header " + userHeader + " is not a header name");
        if (publicUrl != null) {
            try {
                URI u = URI.create(publicUrl);
                if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                return Optional.of("--public-url " + publicUrl + " is not an http(s) URL");
            }
        }
        return Optional.empty();
    }

    private static String hostForUrl(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }
}
