package dev.runbook.cli

import dev.runbook.compile.RunbookCompiler
import dev.runbook.model.Severity
import dev.runbook.model.Team
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** {@code runbook init [DIR]}: a runbooks repository a team can run and test from the first minute. */
class InitCommandSpec extends Specification {
    @TempDir
    Path dir

    static final List<String> FILES = ['runbook.team.groovy', 'restart-api.groovy', 'RestartApiSpec.groovy', 'README.md',
                                       '.gitignore', 'runbook.gdsl', 'runbook.dsld']

    def "init creates the repository's files in a new folder and says what to do next"() {
        given:
        def repo = dir.resolve('runbooks')

        when:
        def run = CliRun.of('init', repo.toString())

        then:
        run.exitCode == 0
        FILES.every { Files.isRegularFile(repo.resolve(it)) }
        FILES.every { run.out.contains("created  ${repo.resolve(it)}") }
        run.out.contains("cd ${repo}")
        run.out.contains('runbook test .')
        run.err.isEmpty()
    }

    def "the first runbook restarts a service, gates on its health, asks a lead and tells #incidents when it fails"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())

        when:
        def rb = new RunbookCompiler().compile(repo.resolve('restart-api.groovy'))

        then:
        rb.name() == 'restart-api'
        rb.param('service').get().required()
        rb.param('healthUrl').get().defaultValue() == 'http://127.0.0.1:8080/health'
        rb.nodes()*.name().containsAll(['Capture evidence', 'Restart'])
        rb.steps().find { it.name() == 'Restart' }.options().retry() == 1
        rb.nodes().any { it instanceof dev.runbook.model.Gate }
        rb.nodes().any { it instanceof dev.runbook.model.Approval }
        rb.health() != null
        rb.onFailure() != null
    }

    def "the team file parses and writes out exactly the built-in approval policy, with placeholder members"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())

        when:
        Team team = new RunbookCompiler().compileTeam(repo.resolve('runbook.team.groovy'))

        then:
        team.rules() == Team.DEFAULT_RULES
        team.rules()[Severity.P0].waived()
        team.member('alice').get().roles() == ['lead']
        team.member('bob').get().roles() == ['manager']
        team.notifications().slackWebhookSecret() == 'SLACK_WEBHOOK'
        team.notifications().slackChannel() == '#incidents'
    }

    def "runbook check passes on a fresh repository: the runbook and the team file, not the spec"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())

        when:
        def run = CliRun.of('check', repo.toString())

        then:
        run.exitCode == 0
        run.out.readLines().toSorted() == ["ok  ${repo.resolve('restart-api.groovy')}  (restart-api, 4 steps)",
                                           "ok  ${repo.resolve('runbook.team.groovy')}  (team, 3 members)"]*.toString()
    }

    def "the spec is Groovy that loads the runbook beside it and tests its success and its failure with the harness"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())
        def spec = Files.readString(repo.resolve('RestartApiSpec.groovy'))

        expect:
        GroovySyntax.problems(spec).isEmpty()
        spec.contains('import dev.runbook.testing.RunbookSpecification')
        spec.contains('class RestartApiSpec extends RunbookSpecification')
        spec.count("load 'restart-api.groovy'") == 2
        spec.contains('result.succeeded')
        spec.contains("result.failedStep == 'Restart'")
        spec.contains('notified ~/failed/')
    }

    def "the README says how to run, check and test the runbooks; .gitignore keeps the runs out of git"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())

        expect:
        def readme = Files.readString(repo.resolve('README.md'))
        ['runbook exec restart-api.groovy', 'runbook plan restart-api.groovy', 'runbook check .', 'runbook test .',
         'runbook new'].every { readme.contains(it) }
        Files.readAllLines(repo.resolve('.gitignore')).contains('.runbook/runs/')
    }

    def "init refuses to overwrite: it lists the files in the way, writes nothing and exits 2"() {
        given:
        def readme = Files.writeString(dir.resolve('README.md'), 'our own readme')
        Files.writeString(dir.resolve('runbook.team.groovy'), "team { member 'zoe', role: 'lead' }")

        when:
        def run = CliRun.of('init', dir.toString())

        then:
        run.exitCode == 2
        run.err.contains("${dir.resolve('README.md')}")
        run.err.contains("${dir.resolve('runbook.team.groovy')}")
        !run.err.contains('restart-api.groovy')
        run.err.contains('--force')
        Files.readString(readme) == 'our own readme'
        !Files.exists(dir.resolve('restart-api.groovy'))
        !Files.exists(dir.resolve('.gitignore'))
        !run.hasStackTrace
    }

    def "init --force overwrites the files that exist"() {
        given:
        def readme = Files.writeString(dir.resolve('README.md'), 'our own readme')

        when:
        def run = CliRun.of('init', dir.toString(), '--force')

        then:
        run.exitCode == 0
        Files.readString(readme).startsWith('# Runbooks')
        FILES.every { Files.isRegularFile(dir.resolve(it)) }
    }

    def "an existing .gitignore is not in the way: it gets the runs line once"() {
        given:
        def gitignore = Files.writeString(dir.resolve('.gitignore'), 'target/')

        when:
        def first = CliRun.of('init', dir.toString())
        def again = CliRun.of('init', dir.toString(), '--force')

        then:
        first.exitCode == 0
        first.out.contains("updated  ${gitignore}")
        again.exitCode == 0
        !again.out.contains("updated  ${gitignore}")
        Files.readAllLines(gitignore).findAll { !it.isBlank() && !it.startsWith('#') } == ['target/', '.runbook/runs/']
    }

    def "init of a path that is a file is refused"() {
        given:
        def file = Files.writeString(dir.resolve('notes.txt'), 'x')

        when:
        def run = CliRun.of('init', file.toString())

        then:
        run.exitCode == 2
        run.err.contains("runbook: init ${file}: not a folder")
    }

    def "a build that knows no place its releases are published: init writes runbookw and a pin-less properties file, and says the exact command"() {
        given:
        def repo = dir.resolve('runbooks')
        def version = ToolVersion.get()

        when:
        def run = CliRun.of('init', repo.toString())

        then: 'runbookw is there, its properties name no URL (nothing made up), only what to run'
        run.exitCode == 0
        Files.isExecutable(repo.resolve('runbookw'))
        def props = Files.readString(repo.resolve('.runbook/wrapper.properties'))
        !(props =~ /(?m)^\s*distributionUrl/)
        props.contains("runbook wrapper --version ${version} --url URL")
        !props.contains('runbook-dev')

        and: 'init says plainly that the wrapper has no pin yet, and the command that pins one'
        run.out.contains('runbookw has no pin yet')
        run.out.contains("runbook wrapper --version ${version} --url URL")
        run.out.contains("where your team keeps runbook-${version}.tar.gz (file:// or http(s)://)")
        !run.out.contains('runbook-dev')
        !run.out.contains('runs the pinned runbook')
    }

    def "init --force in a pinned repository, by a build that knows no published place, keeps the team's pin"() {
        given: 'a repository whose wrapper pins a release the team keeps somewhere'
        def repo = dir.resolve('runbooks')
        assert CliRun.of('init', repo.toString()).exitCode == 0
        def url = "file:///srv/releases/runbook-${ToolVersion.get()}.tar.gz"
        def sum = 'ab' * 32
        def properties = repo.resolve('.runbook/wrapper.properties')
        Files.writeString(properties, "distributionUrl=${url}\ndistributionSha256Sum=${sum}\n")

        when:
        def run = CliRun.of('init', '--force', repo.toString())

        then: 'the other files are written again; the pin is the same URL and sum'
        run.exitCode == 0
        def pin = new Properties().tap { p -> Files.newBufferedReader(properties).withCloseable { p.load(it) } }
        pin.getProperty('distributionUrl') == url
        pin.getProperty('distributionSha256Sum') == sum
        run.out.contains("runbookw keeps this repository's pin: runbook ${ToolVersion.get()} from ${url}")
        !run.out.contains('runbookw has no pin yet')
    }

    def "./runbookw in a repository with no pin ends with one line that says what to run, and exit 4"() {
        given:
        def repo = dir.resolve('runbooks')
        CliRun.of('init', repo.toString())
        def pb = new ProcessBuilder('./runbookw', '--version').directory(repo.toFile()).redirectErrorStream(true)
        pb.environment().putAll([RUNBOOK_USER_HOME: dir.resolve('user-home').toString(), HOME: dir.resolve('home').toString()])

        when:
        def p = pb.start()
        def output = p.inputStream.getText('UTF-8')
        p.waitFor()

        then:
        p.exitValue() == 4
        output.readLines() == ["runbookw: ${repo.resolve('.runbook/wrapper.properties')} pins no release yet (no distributionUrl):" +
                " run 'runbook wrapper --version X --url URL' in ${repo} (URL: where your team keeps runbook-X.tar.gz)"]
        !Files.exists(dir.resolve('user-home'))
    }
}
