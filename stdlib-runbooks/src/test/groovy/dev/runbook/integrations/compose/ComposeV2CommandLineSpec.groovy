package dev.runbook.integrations.compose

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.DockerTestContext
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * Compose v2 ({@code docker compose}) has no Debian package, so its command lines and JSON are tested with a stub
 * {@code docker} on PATH that records its arguments and answers like the v2 plugin.
 */
class ComposeV2CommandLineSpec extends Specification {
    @TempDir Path dir
    Path bin
    Path argsLog
    Path file
    DockerTestContext ctx

    def setup() {
        bin = Files.createDirectories(dir.resolve('bin'))
        argsLog = dir.resolve('args.log')
        file = dir.resolve('compose.yml')
        Files.writeString(file, 'services:\n  api:\n    image: shop/api:1.2.4\n')
        stub('docker', """#!/bin/sh
echo "\$*" >> '${argsLog}'
case "\$*" in
  "compose version") echo "Docker Compose version v2.29.7"; exit 0 ;;
  *" ps --all --format json") printf '%s\\n' '{"Name":"shop-api-1","Service":"api","State":"running","Health":"healthy","Image":"shop/api:1.2.4","ExitCode":0}' '{"Name":"shop-db-1","Service":"db","State":"exited","Health":"","Image":"postgres:15","ExitCode":137}' ;;
  *" logs "*) echo "listening on :8080" ;;
  *" restart "*"broken") echo "no such service: broken" >&2; exit 1 ;;
esac
""")
        ctx = new DockerTestContext([PATH: bin.toString()])
    }

    private void stub(String name, String text) {
        def p = bin.resolve(name)
        Files.writeString(p, text)
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString('rwxr-xr-x'))
    }

    private ComposeProject shop() {
        (new ComposeProvider().create(ctx) as ComposeLauncher).call([project: 'shop'], file.toString()) as ComposeProject
    }

    private List<String> commands() {
        Files.readAllLines(argsLog).findAll { it != 'compose version' }
    }

    def "docker compose v2 is used when the plugin answers, with the file and project on every command"() {
        when:
        def shop = shop()
        shop.up()
        shop.up(build: true, detach: true, services: ['api'])
        shop.restart(timeout: 5, 'api')
        shop.stop('api', 'db')
        shop.start()
        shop.pull()
        shop.down(volumes: true)
        shop.logs('api', tail: 20)

        then:
        def f = "-f ${file} -p shop"
        commands() == [
                "compose $f up -d --no-build",
                "compose $f up -d --build api",
                "compose $f restart -t 5 api",
                "compose $f stop api db",
                "compose $f start",
                "compose $f pull",
                "compose $f down -v",
                "compose $f logs --no-color --tail 20 --no-log-prefix api",
        ]*.toString()
    }

    def "ps parses the JSON lines of docker compose ps"() {
        when:
        def ps = shop().ps()

        then:
        ps*.service == ['api', 'db']
        ps[0].running
        ps[0].health == 'healthy'
        ps[1].state == 'exited'
        ps[1].exitCode == 137
    }

    def "ps also reads the single JSON array older v2 releases print"() {
        expect:
        ComposeProject.parseV2('[{"Name":"a-1","Service":"a","State":"running","Image":"x:1"}]')*.service == ['a']
        ComposeProject.parseV2('').isEmpty()
    }

    def "a failing command fails the step with the CLI's complaint"() {
        when:
        shop().restart('broken')

        then:
        def e = thrown(StepFailure)
        e.message == "compose: restart of compose project 'shop' failed: no such service: broken (exit code 1)"
    }

    def "without any compose CLI the step says what to install"() {
        given:
        def empty = Files.createDirectories(dir.resolve('empty'))
        ctx = new DockerTestContext([PATH: empty.toString()])

        when:
        shop().ps()

        then:
        def e = thrown(StepFailure)
        e.message == "compose: neither 'docker compose' (v2) nor 'docker-compose' (v1) is installed here — install the compose plugin or docker-compose"
    }
}
