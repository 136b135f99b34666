package dev.runbook.testing

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer

import java.nio.charset.StandardCharsets
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A real HTTP server on 127.0.0.1 (a free port) whose answers a spec scripts per path: a sequence of replies
 * (the last one repeats), a delay, or a hang that lasts until the server stops. It keeps every request it got —
 * method, path, headers and the exact body bytes — so specs assert on what really went over the wire.
 */
class ScriptedHttpServer implements Closeable {
    /** One scripted answer. {@code hang}: never answer (until the server stops). */
    static class Reply {
        int status = 200
        String body = ''
        String contentType = 'application/json'
        Map<String, String> headers = [:]
        long delayMs = 0
        boolean hang = false
    }

    /** What the server received. */
    static class Received {
        String method
        String path
        String query
        Map<String, List<String>> headers
        byte[] bytes

        String getBody() { new String(bytes, StandardCharsets.UTF_8) }

        Object getJson() { new com.fasterxml.jackson.databind.ObjectMapper().readValue(bytes, Object) }

        String header(String name) {
            headers.find { k, v -> k.equalsIgnoreCase(name) }?.value?.first()
        }
    }

    private final HttpServer server
    private final Map<String, List<Reply>> scripts = new ConcurrentHashMap<>()
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>()
    private final List<Received> received = new CopyOnWriteArrayList<>()
    private final CountDownLatch stopped = new CountDownLatch(1)

    ScriptedHttpServer() {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        server.executor = Executors.newCachedThreadPool { r -> def t = new Thread(r, 'scripted-http'); t.daemon = true; t }
        server.createContext('/') { HttpExchange ex -> handle(ex) }
        server.start()
    }

    int getPort() { server.address.port }

    /** The full URL of {@code path} on this server. */
    String url(String path) { "http://127.0.0.1:${port}${path}" }

    /** Answers {@code path} with these statuses in turn (JSON bodies {"status":"ok"|"down"}); the last one repeats. */
    ScriptedHttpServer statuses(String path, int... statuses) {
        replies(path, statuses.collect { s -> new Reply(status: s, body: s < 400 ? '{"status":"ok"}' : '{"status":"down"}') })
    }

    /** Answers {@code path} with these replies in turn; the last one repeats. */
    ScriptedHttpServer replies(String path, List<Reply> replies) {
        scripts[path] = List.copyOf(replies)
        hits[path] = new AtomicInteger()
        this
    }

    ScriptedHttpServer reply(String path, Map<String, ?> reply) {
        replies(path, [new Reply(reply)])
    }

    /** {@code path} accepts the connection and the request, and never answers. */
    ScriptedHttpServer hang(String path) {
        replies(path, [new Reply(hang: true)])
    }

    List<Received> getReceived() { List.copyOf(received) }

    List<Received> receivedAt(String path) { received.findAll { it.path == path } }

    int hitsOf(String path) { hits[path]?.get() ?: 0 }

    private void handle(HttpExchange ex) {
        try {
            String path = ex.requestURI.path
            byte[] bytes = ex.requestBody.readAllBytes()
            received << new Received(method: ex.requestMethod, path: path, query: ex.requestURI.query,
                    headers: new LinkedHashMap<>(ex.requestHeaders), bytes: bytes)
            List<Reply> script = scripts[path]
            if (script == null) {
                send(ex, new Reply(status: 404, body: '{"error":"no such path"}'))
                return
            }
            int n = hits[path].getAndIncrement()
            Reply r = script[Math.min(n, script.size() - 1)]
            if (r.hang) {
                stopped.await()
                return
            }
            if (r.delayMs > 0 && stopped.await(r.delayMs, TimeUnit.MILLISECONDS)) return
            send(ex, r)
        } finally {
            ex.close()
        }
    }

    private static void send(HttpExchange ex, Reply r) {
        byte[] out = r.body.getBytes(StandardCharsets.UTF_8)
        ex.responseHeaders.add('Content-Type', r.contentType)
        r.headers.each { k, v -> ex.responseHeaders.add(k, v) }
        ex.sendResponseHeaders(r.status, out.length == 0 ? -1 : out.length)
        if (out.length > 0) ex.responseBody.withCloseable { it.write(out) }
    }

    @Override
    void close() {
        stopped.countDown()
        server.stop(0)
        (server.executor as java.util.concurrent.ExecutorService).shutdownNow()
    }
}
