package dev.runbook.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The JDK's HttpClient, shared by every step: created on first use, following redirects. */
final class JdkHttpTransport implements HttpTransport {
    static final JdkHttpTransport INSTANCE = new JdkHttpTransport();
    private volatile HttpClient client;

    private JdkHttpTransport() {}

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public HttpResult send(String method, String url, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = client().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpResult(method, url, resp.statusCode(), resp.body(), resp.headers().map());
    }
}
