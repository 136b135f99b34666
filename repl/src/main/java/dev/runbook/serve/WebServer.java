package dev.runbook.serve;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Team;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The team page: the JDK's own HTTP server ({@code com.sun.net.httpserver}, no dependency to keep up to date, and a
 * streamed response is all server-sent events need), one virtual thread per request, so a hundred open event
 * streams cost a hundred small stacks.
 */
public final class WebServer implements AutoCloseable {
    /** What the server is told at start. */
    public record Settings(InetSocketAddress bind, Path stateDir, Set<InetAddress> trustedProxies, String userHeader,
                           String publicUrl, String slackWebhook, Duration linkTtl, String pagerdutyRoutingKey, String pagerdutyUrl) {
        /** Without PagerDuty. */
        public Settings(InetSocketAddress bind, Path stateDir, Set<InetAddress> trustedProxies, String userHeader,
                        String publicUrl, String slackWebhook, Duration linkTtl) {
            this(bind, stateDir, trustedProxies, userHeader, publicUrl, slackWebhook, linkTtl, null, null);
        }

        /** Whether approval requests are announced with one-time links: an address to link to, and Slack or PagerDuty. */
        public boolean announces() {
            return publicUrl != null && (slackWebhook != null || pagerdutyRoutingKey != null);
        }
    }

    private final HttpServer http;
    private final ExecutorService threads;
    private final JournalWatch watch;
    private final ApprovalNotices notices;
    private final OneTimeLinks links;

    private WebServer(HttpServer http, ExecutorService threads, JournalWatch watch, ApprovalNotices notices, OneTimeLinks links) {
        this.http = http;
        this.threads = threads;
        this.watch = watch;
        this.notices = notices;
        this.links = links;
    }

    /**
     * Binds and starts serving; {@link java.net.BindException} when the port is taken.
     *
     * @param log where the server says what it does (never a link or a key)
     */
    public static WebServer start(RunStore store, Team team, Settings s, Clock clock, Consumer<String> log) throws IOException {
        return start(store, team, s, clock, log, JournalWatch.SAFETY_POLL_MS);
    }

    /** As above; {@code safetyPollMs}: how often open runs are read again when the store pushes changes (specs make it long). */
    static WebServer start(RunStore store, Team team, Settings s, Clock clock, Consumer<String> log, long safetyPollMs) throws IOException {
        ServerKey key = ServerKey.loadOrCreate(s.stateDir().resolve("serve.key"));
        OneTimeLinks links = new OneTimeLinks(key, new UsedLinks(s.stateDir().resolve("used-links")), clock);
        SsoHeader sso = new SsoHeader(s.userHeader(), s.trustedProxies());
        CrossSiteGuard guard = new CrossSiteGuard(key);
        HttpServer http = HttpServer.create(s.bind(), 64);
        JournalWatch watch = new JournalWatch(store, safetyPollMs);
        http.createContext("/", new RunsPage(store));
        http.createContext("/static/", new StaticAssets());
        http.createContext("/link", new LinkPage(store, links));
        http.createContext("/runs/", new RunRoutes(store, new RunPage(store, team, sso, guard), new EventStream(watch),
                new ReportPage(store), new DecisionPost(store, team, links, sso, guard, clock)));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(threads);
        http.start();
        ApprovalNotices notices = s.announces() ? new ApprovalNotices(store, team, links, s.publicUrl(), s.slackWebhook(),
                s.pagerdutyRoutingKey() == null ? null : new ApprovalNotices.PagerDuty(s.pagerdutyRoutingKey(), s.pagerdutyUrl()),
                s.linkTtl(), log) : null;
        return new WebServer(http, threads, watch, notices, links);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** A one-time link for {@code member} to decide the request {@code nonce} of {@code run}'s {@code approval} (tests, tools). */
    public String linkToken(String run, String approval, String nonce, String member, Duration ttl) {
        return links.mint(run, approval, nonce, member, ttl);
    }

    @Override
    public void close() {
        if (notices != null) notices.close();
        watch.close();
        http.stop(0);
        threads.shutdownNow();
    }
}
