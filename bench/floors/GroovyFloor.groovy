// The Groovy floor (bench/benchmarks/25-floors.sh): Groovy's runtime and one compiled script, nothing else. Whatever
// a runbook does, a JVM that runs one pays at least this.
println 'hello'
