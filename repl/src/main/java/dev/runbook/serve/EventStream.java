package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /runs/ID/events}: server-sent events, one {@code data:} message (JSON: event count, state, the
 * timeline's escaped HTML) each time the journal changes, a comment every 15 s to keep proxies from closing it.
 * Each stream holds a virtual thread that sleeps on the run's feed.
 */
final class EventStream {
    static final long KEEP_ALIVE_MS = 15_000;
    private final JournalWatch watch;

    EventStream(JournalWatch watch) {
        this.watch = watch;
    }

    void handle(HttpExchange ex, String id) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Accel-Buffering", "no"); // nginx and friends: pass each event on at once
        h.set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(200, 0);
        RunFeed feed = watch.join(id);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long sent = 0;
            while (true) {
                RunFeed.Message m = feed.awaitAfter(sent, KEEP_ALIVE_MS);
                if (m == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    sent = m.version();
                    out.write(("id: " + m.version() + "\ndata: " + m.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException gone) {
            // the page was closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.leave(id, feed);
            ex.close();
        }
    }
}
