package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writing answers, with the headers every page gets, and reading forms. */
final class Respond {
    /** Our pages load only our own script and style; no frame may hold them; links never leak the URL as a Referer. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final int MAX_FORM = 16 * 1024;

    private Respond() {}

    static void html(HttpExchange ex, int status, String html) throws IOException {
        send(ex, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), PAGE_POLICY);
    }

    static void send(HttpExchange ex, int status, String type, byte[] body, String policy) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        if (policy != null) h.set("Content-Security-Policy", policy);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** A page that says why a request was refused (401, 403, 404, 409...). */
    static void problem(HttpExchange ex, int status, String title, String why) throws IOException {
        html(ex, status, Html.page(title, "<h1>" + Html.esc(title) + "</h1><p class=\"why\" id=\"why\">" + Html.esc(why) + "</p>"
                + "<p><a href=\"/\">All runs</a></p>"));
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(303, -1);
        ex.close();
    }

    /** An {@code application/x-www-form-urlencoded} body, at most 16 KB. */
    static Map<String, String> form(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_FORM + 1);
        if (body.length > MAX_FORM) throw new IOException("form too large");
        return query(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> query(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) return m;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }
}
