// bench/fanout.sh: a health check of 1,000 endpoints, a hundred at a time (each answers after 50 ms)
runbook('fanout-1000') {
    param 'base', required: true, description: 'http://127.0.0.1:PORT of bench/lib/SlowServer.java'

    forEach({ (1..1000).collect { "${params.base}/svc/$it".toString() } }, name: 'Health check 1,000 endpoints',
            concurrency: 100, timeout: 10.seconds) { url ->
        def r = http.get(url)
        if (r.status != 200) fail("$url answered ${r.status}")
        r.status
    }
}
