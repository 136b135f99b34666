import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * The quickstart's "production service": a tiny HTTP server on 127.0.0.1. Release v1.2.4 is the broken one
 * (its /health answers 500, as after a bad deploy); the other releases are healthy.
 * Run: java DemoService.java VERSION PORT
 */
public class DemoService {
    static final Set<String> RELEASES = Set.of("v1.2.2", "v1.2.3", "v1.2.4");
    static final String BROKEN = "v1.2.4";

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !RELEASES.contains(args[0])) {
            System.err.println("usage: java DemoService.java VERSION PORT   (releases: v1.2.2, v1.2.3, v1.2.4)");
            System.exit(2);
        }
        String version = args[0];
        int port = Integer.parseInt(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/health", exchange -> {
            boolean broken = version.equals(BROKEN);
            String body = broken
                    ? "{\"status\":\"error\",\"version\":\"" + version + "\",\"error\":\"database connection pool exhausted\"}"
                    : "{\"status\":\"ok\",\"version\":\"" + version + "\",\"database\":\"connected\"}";
            System.out.println(Instant.now() + " GET /health -> " + (broken ? 500 : 200));
            send(exchange, broken ? 500 : 200, body);
        });
        server.createContext("/", exchange -> send(exchange, 200, "{\"service\":\"demo\",\"version\":\"" + version + "\"}"));
        server.start();
        System.out.println(Instant.now() + " demo " + version + " listening on 127.0.0.1:" + port);
    }

    static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
