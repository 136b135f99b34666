package dev.runbook.testing

import dev.runbook.http.HttpResult
import dev.runbook.http.HttpTransport

import java.net.http.HttpTimeoutException
import java.time.Duration

/** Answers the runbook's HTTP requests from the spec's {@link HttpScript} mock; see there for the answers. */
class FakeHttpTransport implements HttpTransport {
    private final HttpScript script
    private final CallLog log
    private final VirtualClock clock
    private final List<String> unscripted
    private final String step

    FakeHttpTransport(HttpScript script, CallLog log, VirtualClock clock, List<String> unscripted, String step) {
        this.script = script
        this.log = log
        this.clock = clock
        this.unscripted = unscripted
        this.step = step
    }

    @Override
    HttpResult send(String method, String url, Map<String, String> headers, String body, Duration timeout) {
        log.add('http', "$method $url".toString(), step)
        Object answer = script."${method.toLowerCase(Locale.ROOT)}"(url)
        if (answer == null) {
            unscripted << "http $method $url in step '${step}' — script it: http.${method.toLowerCase(Locale.ROOT)}('$url') >> [status: 200]".toString()
            throw new java.net.ConnectException("unscripted request (the spec has no http.${method.toLowerCase(Locale.ROOT)} for it)")
        }
        toResult(method, url, answer, timeout)
    }

    private HttpResult toResult(String method, String url, Object answer, Duration timeout) {
        if (answer instanceof Number) return new HttpResult(method, url, answer.intValue(), '', [:])
        if (answer instanceof CharSequence) return new HttpResult(method, url, 200, answer.toString(), [:])
        if (answer instanceof HttpResult) return answer
        if (!(answer instanceof Map)) throw new IllegalArgumentException("an http answer is a status, a body or a map such as [status: 200, json: [...]], not ${answer.getClass().simpleName}")
        Map m = (Map) answer
        Duration delay = (Duration) m.delay ?: Duration.ZERO
        if (delay > timeout) {
            clock.advance(timeout)
            throw new HttpTimeoutException("request timed out")
        }
        clock.advance(delay)
        String text = m.containsKey('json') ? HttpResult.writeJson(m.json) : String.valueOf(m.body ?: '')
        Map<String, List<String>> headers = ((Map) m.headers ?: [:]).collectEntries { k, v -> [(String.valueOf(k)): [String.valueOf(v)]] }
        new HttpResult(method, url, (m.status ?: 200) as int, text, headers)
    }
}
