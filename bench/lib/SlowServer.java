import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The fan-out benchmark's endpoints: every path on 127.0.0.1:PORT answers 200 "ok PATH" after DELAY_MS (default 50),
 * each request on a virtual thread of its own, so a hundred waiting requests cost nothing. Stops after MAX_SECONDS
 * (default 600) whatever happens, so a benchmark that dies never leaves it behind.
 * Run: java bench/lib/SlowServer.java PORT [DELAY_MS] [MAX_SECONDS]; prints "ready PORT" once it listens.
 */
public class SlowServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 50;
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 600;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("ok " + exchange.getRequestURI().getPath() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("ready " + server.getAddress().getPort());
        System.out.flush();
        Thread.sleep(maxSeconds * 1000);
        server.stop(0);
        System.exit(0);
    }
}
