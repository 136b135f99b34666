// The quoting A/B, side B: three-steps-params-quoted.groovy with every value wrapped in raw(), the DSL's explicit
// escape hatch, which inserts it as it is. The same GString path through the same renderer, the same commands run
// (the values need no quoting), only the quoting itself left out: the difference between the two rows is its cost.
runbook('bench-three-steps-params-raw') {
    title 'Benchmark: three sh steps with interpolated params, raw (unquoted)'
    param 'version', default: 'v1.2.3', pattern: ~/v\d+\.\d+\.\d+/
    param 'service', default: 'orders-api', pattern: ~/[a-z-]+/
    param 'region', default: 'eu-west-1', pattern: ~/[a-z0-9-]+/

    step('Bare') {
        sh "echo deploying ${raw(params.version)}"
    }

    step('In single quotes') {
        sh "echo 'service ${raw(params.service)}'"
    }

    step('In double quotes') {
        sh "echo \"region ${raw(params.region)}\""
    }
}
