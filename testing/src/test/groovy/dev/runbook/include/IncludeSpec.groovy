package dev.runbook.include

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.journal.JournalReader
import dev.runbook.testing.Coverage
import dev.runbook.testing.RunbookSpecification

import java.nio.file.Files
import java.nio.file.Path

/** include: another runbook's procedure run as a sub-run, resolved and checked when the file is compiled. */
class IncludeSpec extends RunbookSpecification {
    static final String DIR = 'src/test/runbooks/include/'

    def "an included runbook runs as a sub-run with the params given by with: and the same-named params of the run"() {
        given:
        load DIR + 'outage.groovy'
        shell.on(~/ps aux/)
        shell.on(~/systemctl restart/)

        when:
        def result = run(app: 'api')

        then:
        result.succeeded
        result.statuses == ['Capture evidence': 'ok', 'include restart-service.groovy': 'ok', 'Tell the team': 'ok']
        // service from the with: block, grace from the run's own param of that name (not the included default)
        ran 'systemctl restart api --grace 30'
        notified slack: '#incidents', text: 'restarted api'

        and: 'the sub-run has its own journal inside the run, and the run says where'
        def started = result.events('include.started')[0].data()
        started.runbook == 'restart-service'
        started.params == [service: 'api', grace: '30']
        def sub = JournalReader.read(result.result.runDir().resolve(started.dir as String))
        sub*.type().contains('step.finished')
        sub.find { it.type() == 'run.finished' }.data().outcome == 'succeeded'
    }

    def "when the included runbook fails, its own handlers run, then the including run fails at the include"() {
        given:
        load DIR + 'outage.groovy'
        shell.on(~/ps aux/)
        shell.on(~/systemctl restart/) { exit 5; stderr 'Job for api.service failed' }
        shell.on(~/journalctl/) { stdout 'api.service: start request repeated too quickly' }

        when:
        def result = run(app: 'api')

        then:
        result.failed
        result.failedStep == 'include restart-service.groovy'
        result.failure.contains("restart-service failed at 'Restart'")
        ran 'journalctl -u api -n 50'
        notified slack: '#ops', text: ~/restart of api failed/
        notified slack: '#incidents', text: ~/FAILED at include restart-service.groovy/
        result.statuses['Tell the team'] == 'pending'

        and: 'coverage counts the included runbook reached, handlers included'
        def cov = Coverage.global().runbooks.find { it.name == 'restart-service' }
        cov.unreachedHandlers.isEmpty()
    }

    def "an include whose when: is false is skipped, and runs when it is true, with its own default for a param the run left unset"() {
        given:
        load DIR + 'conditional.groovy'
        shell.on(~/systemctl restart worker/)

        when:
        def skipped = run(restart: 'no')

        then:
        skipped.succeeded
        skipped.statuses['include restart-service.groovy'] == 'skipped'
        notRan ~/systemctl/
        notified text: 'restart: skipped'

        when:
        def restarted = run(restart: 'yes')

        then:
        restarted.statuses['include restart-service.groovy'] == 'ok'
        ran 'systemctl restart worker --grace 10'

        and: 'the plan says the include is conditional'
        plan().contains('include restart-service.groovy   restart-service.groovy with service=worker · only when its condition holds')
    }

    def "an include with continueOnFailure lets the run go on to its fallback"() {
        given:
        load DIR + 'tolerant.groovy'
        shell.on(~/systemctl restart worker/) { exit 1 }
        shell.on(~/journalctl/)
        shell.on(~/kubectl scale/)

        when:
        def result = run()

        then:
        result.succeeded
        result.statuses == ['Try a restart': 'failed continued', 'Scale up instead': 'ok']
        ran 'kubectl scale deploy/worker --replicas=3'
    }

    def "a standard runbook is included from the class path by its id"() {
        given:
        load DIR + 'uses-stdlib.groovy'
        shell.on('echo hello')

        when:
        def result = run()

        then:
        result.succeeded
        ran 'echo hello'
    }

    def "the plan shows the included runbook's steps and commands"() {
        when:
        load DIR + 'outage.groovy'
        def text = plan()

        then:
        text.contains('include restart-service.groovy')
        text.contains('runs restart-service — Restart a service and check it answers as a sub-run')
        text.contains('step Restart')
        text.contains('sh "systemctl restart ${params.service} --grace ${params.grace}"')
    }

    def "every mistake in includes is reported at once, with the include's line and what to write"() {
        when:
        new RunbookCompiler().compile(Path.of(DIR + 'mistakes.groovy'))

        then:
        RunbookProblemsException e = thrown()
        def text = e.problems()*.toString().join('\n')
        text.contains("mistakes.groovy:2:5: restart-service has no param 'servce'")
        text.contains("did you mean 'service'?")
        text.contains("mistakes.groovy:3:5: there is no runbook file 'no-such-file.groovy'")
        text.contains("mistakes.groovy:4:5: there is no standard runbook 'demo/ech' — did you mean 'stdlib:demo/echo'?")
        text.contains("mistakes.groovy:5:5: 'include restart-service.groovy' is used twice")
    }

    def "a required param the include does not give is reported when the file is compiled"() {
        given:
        Path dir = Files.createTempDirectory('include')
        Files.copy(Path.of(DIR + 'restart-service.groovy'), dir.resolve('restart-service.groovy'))
        Files.writeString(dir.resolve('main.groovy'), "runbook('main') {\n    include 'restart-service.groovy'\n}\n")

        when:
        new RunbookCompiler().compile(dir.resolve('main.groovy'))

        then:
        RunbookProblemsException e = thrown()
        e.problems()[0].toString().contains(":2:5: restart-service needs param 'service'")
        e.problems()[0].hint().contains("with: [service: ...]")

        cleanup:
        dir.toFile().deleteDir()
    }

    def "a runbook that includes itself through another is refused"() {
        when:
        new RunbookCompiler().compile(Path.of(DIR + 'loop-a.groovy'))

        then:
        RunbookProblemsException e = thrown()
        e.problems()*.message.any { it.contains('includes itself') }
    }
}
