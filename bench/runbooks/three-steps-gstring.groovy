// three-steps.groovy with one thing real runbooks nearly always have: a GString (`"... ${params.x}"`). Groovy
// initialises its string formatting on the first one turned into a String, once per process, and that costs more
// than a step; this row shows it (bench/README.md, "A runbook's first GString").
runbook('bench-three-steps-gstring') {
    title 'Benchmark: three trivial sh steps, one with a GString'
    param 'greeting', default: 'runbook bench'

    step('Do nothing') {
        sh 'true'
    }

    step('Say something') {
        sh "echo '${params.greeting}'"
    }

    step('Tell the time') {
        sh 'date'
    }
}
