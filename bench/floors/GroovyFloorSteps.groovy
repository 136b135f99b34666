// The Groovy floor of bench/runbooks/three-steps-gstring.groovy (bench/benchmarks/25-floors.sh): Groovy's runtime,
// one compiled script whose closures make the three commands, three bash processes, one GString turned into a
// String. No journal, no console, no parsing of a command line: the least a cached `runbook exec` of that runbook
// can do in one JVM.
def greeting = args ? args[0] : 'runbook bench'
def steps = [{ 'true' }, { "echo '${greeting}'" }, { 'date' }]
steps.each { step ->
    new ProcessBuilder('bash', '-c', step().toString()).inheritIO().start().waitFor()
}
println "said ${greeting}"
