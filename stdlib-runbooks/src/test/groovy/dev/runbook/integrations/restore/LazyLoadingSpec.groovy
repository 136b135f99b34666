package dev.runbook.integrations.restore

import dev.runbook.engine.IntegrationProvider
import dev.runbook.integrations.s3.S3Provider
import groovy.lang.GroovyObject
import spock.lang.Specification

import java.lang.reflect.Proxy

/**
 * A runbook that never calls s3 or k8s must not pay for loading the AWS SDK or fabric8. Proved with a class loader
 * that has the integrations, the engine and Groovy but neither library: the providers are found and created there,
 * and only a call reaches for the library.
 */
class LazyLoadingSpec extends Specification {
    URLClassLoader loader = new URLClassLoader([S3Provider, IntegrationProvider, GroovyObject]
            .collect { it.protectionDomain.codeSource.location } as URL[], ClassLoader.platformClassLoader)

    def cleanup() {
        loader.close()
    }

    private Object context() {
        def type = loader.loadClass('dev.runbook.engine.IntegrationContext')
        def clock = loader.loadClass('dev.runbook.engine.Clock').getField('SYSTEM').get(null)
        Proxy.newProxyInstance(loader, [type] as Class[], { proxy, method, args ->
            switch (method.name) {
                case 'environment': return [:]
                case 'dryRun': return false
                case 'step': return 'lazy'
                case 'clock': return clock
                case 'redact': return args[0]
                default: return null
            }
        })
    }

    def "s3 and k8s are found and created without the AWS SDK or fabric8 on the class path"() {
        given:
        def spi = loader.loadClass('dev.runbook.engine.IntegrationProvider')

        when:
        def providers = ServiceLoader.load(spi, loader).collectEntries { [(it.name()): it] }
        def s3 = providers.s3.create(context())
        def k8s = providers.k8s.create(context())
        def deployment = k8s.deployment([ns: 'shop'], 'api')

        then:
        s3 != null
        deployment.name == 'api'

        when: 'a call is the first thing that needs the library'
        s3.list('backups')

        then:
        def e = thrown(NoClassDefFoundError)
        e.message.contains('software/amazon/awssdk')
    }
}
