runbook('loop-a') {
    include 'loop-b.groovy'
}
