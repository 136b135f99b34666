runbook('mistakes') {
    include 'restart-service.groovy', with: [servce: 'api']
    include 'no-such-file.groovy'
    include 'stdlib:demo/ech'
    include 'restart-service.groovy'
}
