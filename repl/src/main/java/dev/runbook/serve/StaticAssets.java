package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /static/serve.css} and {@code /static/serve.js}, from the jar: the pages need nothing from the network. */
final class StaticAssets implements HttpHandler {
    private static final Map<String, String> FILES = Map.of("serve.css", "text/css; charset=utf-8", "serve.js", "text/javascript; charset=utf-8");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/static/".length());
        String type = FILES.get(name);
        if (type == null) {
            Respond.problem(ex, 404, "Not found", "No such file.");
            return;
        }
        byte[] body;
        try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
            body = in.readAllBytes();
        }
        Respond.send(ex, 200, type, body, null);
    }
}
