// The quoting A/B (issue 18: "quoting costs ≤ 1 % of a cached 3-step exec"), side A: three sh steps, each with a
// param interpolated in one of the three places a value can stand — bare, inside the author's '…', inside "…" — so
// every value is quoted for where it stands (docs/dsl.md, "Values in commands are data").
runbook('bench-three-steps-params-quoted') {
    title 'Benchmark: three sh steps with interpolated params, quoted'
    param 'version', default: 'v1.2.3', pattern: ~/v\d+\.\d+\.\d+/
    param 'service', default: 'orders-api', pattern: ~/[a-z-]+/
    param 'region', default: 'eu-west-1', pattern: ~/[a-z0-9-]+/

    step('Bare') {
        sh "echo deploying ${params.version}"
    }

    step('In single quotes') {
        sh "echo 'service ${params.service}'"
    }

    step('In double quotes') {
        sh "echo \"region ${params.region}\""
    }
}
