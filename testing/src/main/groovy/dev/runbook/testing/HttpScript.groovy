package dev.runbook.testing

/**
 * What a runbook spec scripts for HTTP, in Spock's own interaction syntax, on the spec's {@code http} mock:
 * <pre>
 * http.get('http://127.0.0.1:4000/health') >> [status: 503] >> [status: 200, json: [status: 'ok']]
 * http.post({ it.endsWith('/deploy') }) >> [status: 202]
 * 1 * http.post('https://api.example/rollback') >> 200      // and verify it happened exactly once
 * </pre>
 * An answer is a status number, a body string, a map ({@code status:} (200), {@code body:} or {@code json:},
 * {@code headers:}, {@code delay:} a duration on the virtual clock), or a closure that throws
 * ({@code >> { throw new ConnectException() }}: nobody listens). Health probes ({@code http url, expect: 200})
 * are GET requests. A request nothing answers fails the spec with its URL.
 */
interface HttpScript {
    Object get(String url)
    Object post(String url)
    Object put(String url)
    Object patch(String url)
    Object delete(String url)
    Object head(String url)
}
