runbook('loop-b') {
    include 'loop-a.groovy'
}
