// AI SaaS, "when to roll back": the page's three triggers, checked the same way every time. Roll back when the
// 5xx rate is over 5%, when p95 latency is over 2 s, or when health checks fail. Exit code 0: no trigger fired;
// 1: roll back (the team is paged with the numbers). Cron, CI or a person can run it:
//
//   ./runbook exec examples/ai-saas/rollback-triggers.groovy || ./runbook exec examples/ai-saas/rollback.groovy ...
//
// A metric that cannot be read is not a trigger: the operator is asked to look at the dashboard instead.
import java.net.URLEncoder
import java.nio.charset.StandardCharsets

/** One number from a Prometheus instant query; null when the series is empty; throws when Prometheus does not answer. */
static Double promValue(http, String prometheus, String query) {
    def r = http.get("${prometheus}/api/v1/query?query=${URLEncoder.encode(query, StandardCharsets.UTF_8)}", timeout: 10.seconds)
    if (r.status != 200) throw new IllegalStateException("Prometheus answered ${r.status}")
    def result = r.json?.data?.result
    result ? (result[0].value[1] as Double) : null
}

runbook('ai-saas-rollback-triggers') {
    title 'AI SaaS: should we roll back? (5xx rate > 5%, p95 > 2 s, failing health checks)'
    description 'Reads the two metrics from Prometheus and probes the health endpoints; fails (exit 1) and pages when a trigger fires.'
    owner 'ai-platform'
    tags 'ai-saas', 'triage', 'triggers'
    severity P2

    param 'prometheus', default: 'http://prometheus.monitoring:9090', pattern: ~/https?:\/\/\S+/, description: 'Prometheus base URL'
    param 'job', default: 'ai-api', pattern: ~/[a-z0-9_-]+/, description: 'the Prometheus job of the API'
    param 'baseUrl', default: 'https://api.example-ai.com', pattern: ~/https?:\/\/\S+/, description: 'the public API'
    param 'window', default: '5m', pattern: ~/\d+[mh]/, description: 'the rate window of the queries'

    step('5xx error rate', timeout: 30.seconds, continueOnFailure: true) {
        Double rate
        try {
            rate = promValue(http, params.prometheus,
                    "sum(rate(http_requests_total{job=\"${params.job}\",status=~\"5..\"}[${params.window}])) / sum(rate(http_requests_total{job=\"${params.job}\"}[${params.window}]))")
        } catch (Exception e) {
            log "cannot read the error rate: ${e.message}"
            return 'unknown'
        }
        if (rate == null) { log 'no requests in the window: no error rate'; return 'unknown' }
        log String.format('5xx rate %.2f%% (trigger: over 5%%)', rate * 100)
        if (rate > 5.percent) fail String.format('5xx rate %.2f%% is over 5%%', rate * 100)
        rate
    }

    step('p95 latency', timeout: 30.seconds, continueOnFailure: true) {
        Double p95
        try {
            p95 = promValue(http, params.prometheus,
                    "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{job=\"${params.job}\"}[${params.window}])) by (le))")
        } catch (Exception e) {
            log "cannot read p95 latency: ${e.message}"
            return 'unknown'
        }
        if (p95 == null || p95.naN) { log 'no latency samples in the window'; return 'unknown' }
        log String.format('p95 %.2f s (trigger: over 2 s)', p95)
        if (p95 > 2.0) fail String.format('p95 latency %.2f s is over 2 s', p95)
        p95
    }

    step('Health checks', timeout: 1.minute, continueOnFailure: true) {
        def failing = ['/health', '/health/db', '/health/llm'].findAll { path ->
            def status = 0
            try { status = http.get("${params.baseUrl}${path}", timeout: 10.seconds).status } catch (Exception e) { log "${path}: ${e.message}" }
            log "${path} → ${status ?: 'no answer'}"
            status != 200
        }
        if (failing) fail "health checks failing: ${failing.join(', ')}"
        'ok'
    }

    step('Decide', timeout: 10.minutes) {
        def triggers = ['5xx error rate', 'p95 latency', 'Health checks'].findAll { !steps[it].ok }
        def unknown = ['5xx error rate', 'p95 latency'].findAll { steps[it].ok && steps[it].value == 'unknown' }
        if (triggers) fail "ROLL BACK: ${triggers.collect { steps[it].error }.join('; ')}"
        if (unknown) {
            manual "Prometheus gave no ${unknown.join(' and ')}: open the Grafana dashboard 'AI API' — are 5xx under 5% and p95 under 2 s?"
        }
        log 'no trigger fired: no rollback'
    }

    onFailure { failure ->
        notify slack: '#ai-incidents', text: "${failure.message}. Run examples/ai-saas/rollback.groovy (evidence, rollback, verification)."
        notify pagerduty: [summary: "AI API rollback trigger: ${failure.message}", severity: 'critical']
    }
}
