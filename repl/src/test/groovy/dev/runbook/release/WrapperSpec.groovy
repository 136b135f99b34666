package dev.runbook.release

import dev.runbook.cli.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * runbookw, the real script, in a repository that `runbook init` made and `runbook wrapper` pinned to the release
 * tarball scripts/release built from this build, served by a local HTTP server: fetched once and checked, then
 * offline; a wrong sum, a failed download or a killed unpack never runs anything but the pinned release.
 */
class WrapperSpec extends Specification {
    @Shared String version = ReleaseBuild.VERSION
    @Shared String name = "runbook-${ReleaseBuild.VERSION}.tar.gz"
    @TempDir Path dir
    Path repo
    Path cache
    LocalReleaseServer server

    def setup() {
        ReleaseBuild.dist()
        repo = dir.resolve('runbooks')
        cache = dir.resolve('user-home')
        server = new LocalReleaseServer(ReleaseBuild.dist())
        assert CliRun.of('init', repo.toString()).exitCode == 0
    }

    def cleanup() {
        server?.stop()
    }

    private CliRun pin(String url, String... more) {
        CliRun.of(*(['wrapper', '--version', version, '--url', url, '--dir', repo.toString()] + more.toList()) as String[])
    }

    /** ./runbookw ARGS in the repository, with only a JDK and the usual tools: no runbook on the PATH. */
    private Map runbookw(Map<String, String> extraEnv = [:], String... args) {
        def env = [PATH: System.getenv('PATH'), HOME: dir.resolve('home').toString(), RUNBOOK_USER_HOME: cache.toString(),
                   JAVA_HOME: System.getProperty('java.home'), RUNBOOK_AOT: 'off'] + extraEnv
        ReleaseBuild.run(['./runbookw', *args], repo, env)
    }

    private Path unpacked() {
        cache.resolve("wrapper/dists/runbook-$version/${ReleaseBuild.sha256().take(32)}")
    }

    def "init writes runbookw and the pin; wrapper computes the sum by fetching, and runbookw fetches once, checks it, then runs offline"() {
        expect: 'init wrote the script (executable) and, as this build knows no place its release is published, no pin: only what to run'
        Files.isExecutable(repo.resolve('runbookw'))
        !Files.readString(repo.resolve('.runbook/wrapper.properties')).contains("distributionUrl")
        Files.readString(repo.resolve('.runbook/wrapper.properties')).contains("runbook wrapper --version ${version} --url URL")

        when: 'the pin moves to the local server, with no --sha256'
        def pinned = pin(server.url(name))

        then: 'the sum is the one scripts/release wrote beside the tarball'
        pinned.exitCode == 0
        def props = Files.readString(repo.resolve('.runbook/wrapper.properties'))
        props.contains("distributionUrl=${server.url(name)}\n")
        props.contains("distributionSha256Sum=${ReleaseBuild.sha256()}\n")
        server.requests.get() == 1

        when: 'the first run'
        def first = runbookw('--version')

        then: 'it downloads, checks, unpacks and runs the pinned release'
        first.exitCode == 0
        first.output.contains("runbookw: downloading runbook $version from ${server.url(name)}")
        first.output.readLines().last() ==~ /runbook ${version} \(commit [0-9a-f]{12}, Groovy .*\)/
        server.requests.get() == 2
        Files.isRegularFile(unpacked().resolve('.runbookw-complete'))

        when: 'the server is gone: the second run starts from the cache'
        server.stop()
        def second = runbookw('--version')

        then:
        second.exitCode == 0
        second.output.trim() == first.output.readLines().last()
    }

    def "a tarball whose sum is not the pinned one is refused with exit 4, and nothing runs"() {
        given: 'a pin with another sum (a changed release behind the same URL looks the same)'
        def wrong = ReleaseBuild.sha256().reverse()
        pin(server.url(name), '--sha256', wrong)

        when:
        def run = runbookw('--version')

        then:
        run.exitCode == 4
        run.output.contains("has SHA-256 ${ReleaseBuild.sha256()}, but")
        run.output.contains("pins ${wrong}: refusing to run it")
        !run.output.contains("runbook ${version} (")
        !Files.exists(cache.resolve("wrapper/dists/runbook-$version/${wrong.take(32)}"))
    }

    def "a download that fails (#why) ends with exit 4 and says which URL"() {
        given:
        pin(server.url(name), '--sha256', ReleaseBuild.sha256())
        def props = repo.resolve('.runbook/wrapper.properties')
        if (why == 'HTTP 404') Files.writeString(props, Files.readString(props).replace(server.url(name), server.url("missing/$name")))
        if (why == 'connection refused') server.stop()

        when:
        def run = runbookw('--version')

        then:
        run.exitCode == 4
        run.output =~ /runbookw: cannot download http:\/\/127\.0\.0\.1:\d+\/.*${name}: .*${detail}/
        !run.output.contains("runbook ${version} (")
        !Files.exists(unpacked())

        where:
        why                  | detail
        'HTTP 404'           | '404'
        'connection refused' | '(?i)connect'
    }

    def "runbook wrapper refuses a URL that answers 404, and keeps the old pin"() {
        given:
        def before = Files.readString(repo.resolve('.runbook/wrapper.properties'))

        when:
        def run = pin(server.url("missing/$name"))

        then:
        run.exitCode == 4
        run.err.contains('the server answered HTTP 404')
        Files.readString(repo.resolve('.runbook/wrapper.properties')) == before
    }

    def "an unpack killed half-way is found out on the next run and redone, which then runs the release"() {
        given: 'a tar that unpacks, then SIGKILLs the runbookw it runs under (no trap runs): the kill lands after the files are written, before the release is moved into place'
        pin(server.url(name), '--sha256', ReleaseBuild.sha256())
        def fakeBin = Files.createDirectories(dir.resolve('fake-bin'))
        def realTar = ['sh', '-c', 'command -v tar'].execute().text.trim()
        Files.writeString(fakeBin.resolve('tar'), """#!/bin/sh
${realTar} "\$@" || exit \$?
p=\$PPID
while [ "\$p" -gt 1 ]; do
  if tr '\\0' ' ' < /proc/\$p/cmdline | grep -q runbookw; then kill -9 "\$p"; exit 0; fi
  p=\$(awk '{print \$4}' /proc/\$p/stat)
done
echo 'fake tar: no runbookw above me' >&2
exit 1
""")
        fakeBin.resolve('tar').toFile().setExecutable(true)

        when:
        def killed = runbookw([PATH: "${fakeBin}:${System.getenv('PATH')}".toString()], '--version')

        then: 'it died by SIGKILL; nothing stands where a run would start from, only the unpack cut short'
        killed.exitCode == 137
        !killed.output.contains("runbook ${version} (")
        !Files.exists(unpacked())
        Files.list(unpacked().parent).withCloseable { it.anyMatch { it.fileName.toString().startsWith(".${unpacked().fileName}.") } }

        when: 'the next run'
        def run = runbookw('--version')

        then: 'it says so, unpacks again and runs the pinned release'
        run.exitCode == 0
        run.output.contains("an earlier unpack of runbook $version was cut short: unpacking it again")
        run.output.readLines().last() ==~ /runbook ${version} \(commit [0-9a-f]{12}, .*\)/
        Files.isRegularFile(unpacked().resolve('.runbookw-complete'))
    }

    def "a cache folder missing files (no completion marker) is unpacked again, not run"() {
        given:
        pin(server.url(name), '--sha256', ReleaseBuild.sha256())
        assert runbookw('--version').exitCode == 0
        Files.delete(unpacked().resolve('.runbookw-complete'))
        unpacked().resolve('lib').toFile().deleteDir()

        when:
        def run = runbookw('--version')

        then:
        run.exitCode == 0
        run.output.contains("is incomplete (an unpack was cut short or files were removed): unpacking runbook $version again")
        run.output.readLines().last().startsWith("runbook ${version} (commit ")
        server.requests.get() == 2
    }

    def "runbook init run through runbookw pins the release that runs it: the same URL and sum"() {
        given:
        pin(server.url(name), '--sha256', ReleaseBuild.sha256())

        when:
        def run = runbookw('init', 'team-b')

        then:
        run.exitCode == 0
        def props = Files.readString(repo.resolve('team-b/.runbook/wrapper.properties'))
        props.contains("distributionUrl=${server.url(name)}\n")
        props.contains("distributionSha256Sum=${ReleaseBuild.sha256()}\n")
        Files.isExecutable(repo.resolve('team-b/runbookw'))
    }

    def "runbookw test --junit-xml in an init'ed repository runs its spec and writes JUnit XML"() {
        given:
        pin(server.url(name), '--sha256', ReleaseBuild.sha256())

        when:
        def run = runbookw('test', '--junit-xml', 'reports')

        then:
        run.exitCode == 0
        def xml = repo.resolve('reports').toFile().listFiles().findAll { it.name.endsWith('.xml') }*.getText('UTF-8').join('\n')
        xml.contains('<testsuite')
        xml.contains('RestartApiSpec')
        !(xml =~ /<failure/)
    }

    def "scripts/release checks the build knows exactly the places given: a --base-url this build was not made with is refused"() {
        given:
        def out = dir.resolve('dist')

        when:
        def r = ReleaseBuild.run([ReleaseBuild.ROOT.resolve('scripts/release').toString(), '--no-build', '--out', out.toString(),
                                  '--base-url', 'https://dl.example.com/runbook/v{version}/'], ReleaseBuild.ROOT)

        then:
        r.exitCode == 1
        r.output.contains("release: the build's runbook init pins 'nothing', not 'https://dl.example.com/runbook/v${version}/runbook-${version}.tar.gz'" +
                " (--base-url): build again (without --no-build)")
        !Files.exists(out.resolve(name))
    }

    def "scripts/release refuses a --base-url that is not a URL it can publish at (exit 2)"() {
        when:
        def r = ReleaseBuild.run([ReleaseBuild.ROOT.resolve('scripts/release').toString(), '--no-build', '--base-url', 'dl.example.com/runbook'],
                ReleaseBuild.ROOT)

        then:
        r.exitCode == 2
        r.output.trim() == "release: --base-url must start with https://, http:// or file:///, not 'dl.example.com/runbook'"
    }
}
