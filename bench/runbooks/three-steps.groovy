// The benchmark's smallest real runbook: three sh steps. bench/runbooks/three-steps.sh runs the same three
// commands in plain bash, so the difference between the two is what Runbook adds (JVM, compile, journal, console).
runbook('bench-three-steps') {
    title 'Benchmark: three trivial sh steps'

    step('Do nothing') {
        sh 'true'
    }

    step('Say something') {
        sh 'echo "runbook bench"'
    }

    step('Tell the time') {
        sh 'date'
    }
}
