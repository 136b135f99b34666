import dev.runbook.stdlib.Triage

import java.nio.charset.StandardCharsets

// Decide how bad it is and what to do: error rate, p95 latency and how long users have been affected, through the
// standard decision matrix (dev.runbook.stdlib.Triage, usable from any runbook), into P0..P3 and an action.
// Changes nothing: it reads, decides, records and tells.
runbook('incident-triage') {
    title       'Triage an incident: severity and action from error rate, latency and duration'
    description '''Reads the error rate and p95 latency from Prometheus (or takes them as params), works out how long users
have been affected from incidentStart, and applies the decision matrix: P0 (≥ 25% errors or ≥ 15 min) roll back now,
approval waived; P1 (≥ 5% errors, p95 ≥ 2 s or ≥ 5 min) roll back with a lead; P2 (≥ 1% errors, p95 ≥ 1 s, or any
outage) investigate 15 minutes, then roll back with a manager; P3 monitor. Posts the verdict with its reasons,
pages for P0 and P1, and returns the severity as the value of the step 'Decide'.'''
    severity    P2
    tags        'incident', 'triage', 'decision'
    owner       'platform-team'

    param 'service',        required: true, pattern: ~/[\w.-]+/, description: 'the service the incident is about (in messages)'
    param 'prometheusUrl',  pattern: ~/https?:\/\/\S+/, description: 'Prometheus to read the signals from; without it, give errorRate and p95Ms'
    param 'errorRateQuery', description: 'PromQL for the error rate as a fraction, e.g. sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m]))'
    param 'p95Query',       description: 'PromQL for the p95 latency in seconds, e.g. histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{job="api"}[5m])) by (le))'
    param 'errorRate',      pattern: ~/0(\.\d+)?|1(\.0+)?/, description: 'the error rate as a fraction (0.07 is 7%), when not read from Prometheus'
    param 'p95Ms',          pattern: ~/\d+/, description: 'the p95 latency in milliseconds, when not read from Prometheus'
    param 'incidentStart',  pattern: ~/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, description: 'when users were first affected (UTC); default: now (no outage time yet)'
    param 'channel',        default: '#incidents', pattern: ~/#[\w.-]+/, description: 'Slack channel the verdict goes to'

    step('Read the signals', timeout: 1.minute, retry: 2, backoff: 5.seconds, idempotent: true) {
        if (params.prometheusUrl) {
            if (!params.errorRateQuery || !params.p95Query) fail 'with prometheusUrl, give errorRateQuery and p95Query too'
            double rate = promScalar(http, params.prometheusUrl, params.errorRateQuery)
            double p95Seconds = promScalar(http, params.prometheusUrl, params.p95Query)
            log "from Prometheus: error rate ${String.format('%.2f', rate * 100)}%, p95 ${Math.round(p95Seconds * 1000)} ms"
            return [errorRate: rate, p95Ms: Math.round(p95Seconds * 1000)]
        }
        if (params.errorRate == null || params.p95Ms == null) fail 'give prometheusUrl (with the queries), or errorRate and p95Ms'
        [errorRate: params.errorRate as double, p95Ms: params.p95Ms as long]
    }

    step('Decide', timeout: 30.seconds, idempotent: true) {
        def verdict = verdictOf(params, steps['Read the signals'].value, run.startedAt)
        log "${params.service}: ${verdict.severity()} — ${verdict.action()}"
        verdict.reasons().each { log "  because $it" }
        new File(workdir.toString(), 'triage.txt').text = "$verdict\n"
        verdict.severity().name()
    }

    step('Tell the team', timeout: 1.minute) {
        def signals = steps['Read the signals'].value
        def verdict = verdictOf(params, signals, run.startedAt)
        notify slack: params.channel, text: "${params.service}: triaged ${verdict.severity()} (${verdict.reasons().join('; ')}). Action: ${verdict.action()}"
        if (verdict.rollback()) {
            notify pagerduty: [summary: "${params.service}: ${verdict.severity()} — roll back now", severity: verdict.severity().name() == 'P0' ? 'critical' : 'error',
                               action: 'trigger', details: [errorRate: signals.errorRate, p95Ms: signals.p95Ms, reasons: verdict.reasons()]]
        }
    }

    onFailure { failure ->
        notify slack: params.channel, text: "triage of ${params.service} FAILED at '${failure.step}': ${failure.message} — decide by hand: " +
                "≥ 25% errors or ≥ 15 min P0; ≥ 5% errors, p95 ≥ 2 s or ≥ 5 min P1; ≥ 1% errors or p95 ≥ 1 s P2"
    }
}

/** One number from a Prometheus instant query: the first series' value. */
static double promScalar(http, String base, String query) {
    String url = "${base.replaceFirst('/+$', '')}/api/v1/query?query=${URLEncoder.encode(query, StandardCharsets.UTF_8)}"
    def r = http.get(url)
    if (r.status != 200) throw new IllegalStateException("Prometheus answered ${r.status} for $query")
    def result = r.json?.data?.result
    if (!result) throw new IllegalStateException("Prometheus has no data for $query — check the query and the job name")
    def value = result[0].value[1] as String
    if (value == 'NaN') return 0d      // no requests in the window: no errors, no latency
    value as double
}

/** The matrix applied to the signals read, with the outage counted from incidentStart to the start of the run. */
static Triage.Verdict verdictOf(params, Map signals, java.time.Instant now) {
    def outage = params.incidentStart ? java.time.Duration.between(java.time.Instant.parse(params.incidentStart), now) : java.time.Duration.ZERO
    if (outage.negative) throw new IllegalArgumentException("incidentStart ${params.incidentStart} is after the start of this run")
    Triage.classify(errorRate: signals.errorRate, p95Ms: signals.p95Ms, outage: outage)
}
