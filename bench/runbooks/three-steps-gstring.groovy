// three-steps.groovy with one thing real runbooks nearly always have: GStrings (`"... ${params.x}"`), in a command and
// in a log line. Groovy initialises its string formatting on the first one turned into a String, once per process, and
// that costs more than a step; this row shows it (bench/README.md, "A runbook's first GString"). `sh` renders its
// GString itself (ShellTemplate) and no longer sets it off; `log` takes a String, so Groovy turns the GString into one.
runbook('bench-three-steps-gstring') {
    title 'Benchmark: three trivial sh steps, one with a GString'
    param 'greeting', default: 'runbook bench'

    step('Do nothing') {
        sh 'true'
    }

    step('Say something') {
        sh "echo '${params.greeting}'"
        log "said ${params.greeting}"
    }

    step('Tell the time') {
        sh 'date'
    }
}
