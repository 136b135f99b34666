runbook('uses-stdlib') {
    param 'message', default: 'hello'
    include 'stdlib:demo/echo'
}
