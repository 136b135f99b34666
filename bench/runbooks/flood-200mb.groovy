runbook('flood-200mb') {
    // 200 MB of output in lines of 100 bytes: what a chatty migration or a debug log left on prints
    step('Flood') { sh 'yes "$(printf "%099d" 0)" | head -c 200000000' }
}
