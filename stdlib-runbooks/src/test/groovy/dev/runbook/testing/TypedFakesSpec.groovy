package dev.runbook.testing

import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The harness's fakes take only what the real integrations take (issue 22, point 1): they are typed by the API
 * table stdlib-runbooks publishes, so a misspelt call, option or scripted result fails the spec with "did you mean"
 * instead of passing. The runbooks here reach the integrations through a helper whose parameter is untyped, so that
 * `load` (which checks the calls it can see, as `runbook check` does) lets them through and the fakes must catch them.
 */
class TypedFakesSpec extends RunbookSpecification {
    @TempDir
    Path dir

    private String write(String body) {
        def f = dir.resolve('restart-api.groovy')
        Files.writeString(f, """\
            def bounce(container) { $body }
            runbook('restart-api') {
                step('Restart') { bounce(docker.container('api')) }
            }
            """.stripIndent())
        f.toString()
    }

    def "a misspelt call fails the spec with did you mean, and is not a call the log shows"() {
        given:
        load write("container.restartt(timeout: 30)")

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("docker.container('api').restartt(timeout: 30) in step 'Restart' — docker.container(…) has no call 'restartt' — did you mean 'restart'?")
        calls.all.every { !(it.text =~ /container\('api'\)\.restart/) }
    }

    def "a misspelt named option fails the spec with did you mean"() {
        given:
        load write("container.restart(timout: 30)")

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("unknown option 'timout:' for docker.container(…).restart() — did you mean 'timeout:'?")
    }

    def "a call with arguments the real one does not take fails the spec"() {
        given:
        load write("container.start(force: true); container.restart('now')")

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("docker.container(…).start() takes no named options (it was given force:)")
    }

    def "the right call and option pass, and its result reads as the real one"() {
        given:
        load write("def r = container.restart(timeout: 30); if (!r.changed) throw new IllegalStateException('not restarted')")
        docker.on('container.restart') { call -> [container: call.target, action: 'restart', changed: true] }

        expect:
        run().succeeded
        called ~/container\('api'\)\.restart\(timeout: 30\)/
    }

    def "scripting a path the integration has no call for fails where the spec scripts it, not with the typo as a hint"() {
        when:
        k8s.on('deployment.undoo') { [toRevision: 3] }

        then:
        def e = thrown(AssertionError)
        e.message == "k8s.on('deployment.undoo'): k8s.deployment(…) has no call 'undoo' — did you mean 'deployment.undo'?"
    }

    def ".undoo() on a deployment fails the spec naming the real call, never suggesting to script the typo"() {
        given:
        def f = dir.resolve('undo.groovy')
        Files.writeString(f, """\
            def rollBack(deployment) { deployment.undoo() }
            runbook('undo') {
                step('Undo') { rollBack(k8s.deployment('api', ns: 'prod')) }
            }
            """.stripIndent())
        load f.toString()

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("k8s.deployment(…) has no call 'undoo' — did you mean 'undo'?")
        !e.message.contains("on('deployment.undoo')")
    }

    def "a scripted result with a field the real result does not have fails the spec with did you mean"() {
        given:
        load write("if (!container.inspect().running) container.start()")
        docker.on('container.inspect') { [runing: false] }

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("the spec's answer to docker.container('api').inspect() has a field ContainerInfo does not have: 'runing' — did you mean 'running'?")
    }

    def "a field of the real result the spec left out fails the spec when the runbook reads it, naming what to add"() {
        given:
        load write("if (!container.inspect().running) container.start()")
        docker.on('container.inspect') { [status: 'exited'] }

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("docker.container('api').inspect().running in step 'Restart' — the spec's answer (a ContainerInfo) has no running: add it to what docker.on('container.inspect') returns")
    }

    def "a derived field or method is computed by the real result's code from the scripted components"() {
        given:
        load write("def logs = container.logs(tail: 5); if (logs.contains('OOM') && logs.text == 'start\\nOOM killed') container.restart()")
        docker.on('container.logs') { [container: 'api', lines: ['start', 'OOM killed']] }

        when:
        def result = run()

        then:
        result.succeeded
        called ~/container\('api'\)\.restart\(\)/
    }

    def "a misspelt field read on a scripted result fails the spec with did you mean"() {
        given:
        load write("if (container.inspect().runing) log 'up'")
        docker.on('container.inspect') { [running: true] }

        when:
        run()

        then:
        def e = thrown(AssertionError)
        e.message.contains("ContainerInfo has no field 'runing' — did you mean 'running'?")
    }
}
