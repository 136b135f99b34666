package dev.runbook.testing.harness

import dev.runbook.testing.CallLog
import dev.runbook.testing.FakeIntegration
import spock.lang.Specification

/** Calls whose names Groovy gives every object still reach the fake's rules. */
class FakeHandleSpec extends Specification {
    def log = new CallLog()
    def docker = new FakeIntegration('docker', log, [])

    def "docker.container(name).inspect() is answered by the spec's rule, not by Groovy's inspect()"() {
        given:
        docker.on('container.inspect') { call -> [name: call.target, image: 'shop/api:v1.2.3'] }

        when:
        def info = docker.forStep('Inspect').container('api').inspect()

        then:
        info.image == 'shop/api:v1.2.3'
        log.all*.text.last() == "docker.container('api').inspect()"
    }

    def "a dump() without arguments is a call on the integration too"() {
        given:
        def pg = new FakeIntegration('pg', log, [])
        pg.on('connect.dump') { [bytes: 42] }

        expect:
        pg.forStep('Save').connect('postgres://db/app').dump().bytes == 42
    }
}
