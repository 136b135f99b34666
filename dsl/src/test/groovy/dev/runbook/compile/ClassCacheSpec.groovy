package dev.runbook.compile

import dev.runbook.diag.RunbookProblemsException
import dev.runbook.lang.RunbookScript
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class ClassCacheSpec extends Specification {
    @TempDir
    Path dir

    static final String ROLLBACK = '''\
        runbook('rollback') {
            step('Restart') {
                sh 'systemctl restart api'
                onFailure { sh 'journalctl -u api -n 50' }
            }
            step('Check') { sh 'curl -fsS localhost/health' }
        }
        '''.stripIndent()

    RunbookCompiler cached() {
        new RunbookCompiler(getClass().classLoader, new ClassCache(dir))
    }

    Path entryFor(String text) {
        dir.resolve(ClassCache.key(text, 'rb.groovy', RunbookScript.name, getClass().classLoader) + '.bin')
    }

    def "a runbook read back from the cache has the same steps, commands, handlers and positions"() {
        given:
        def compiled = cached().compile(ROLLBACK, 'rb.groovy')

        when:
        def fromCache = cached().compile(ROLLBACK, 'rb.groovy')

        then:
        Files.isRegularFile(entryFor(ROLLBACK))
        fromCache.name() == 'rollback'
        fromCache.steps()*.name() == ['Restart', 'Check']
        fromCache.steps()*.body()*.commands() == [["sh 'systemctl restart api'"], ["sh 'curl -fsS localhost/health'"]]
        fromCache.steps()[0].onFailure().commands() == ["sh 'journalctl -u api -n 50'"]
        fromCache.steps()*.pos()*.toString() == compiled.steps()*.pos()*.toString()
        fromCache.steps()*.pos()*.toString() == ['rb.groovy:2:5', 'rb.groovy:6:5']
    }

    def "a second compile of the same text takes the cached classes instead of compiling"() {
        given: 'the entry of another runbook filed under this text\'s key'
        cached().compile(ROLLBACK, 'rb.groovy')
        def other = "runbook('other') { step('One') { sh 'true' } }\n"
        Files.copy(entryFor(ROLLBACK), entryFor(other))

        expect: 'what runs is what the cache holds'
        cached().compile(other, 'rb.groovy').name() == 'rollback'
    }

    def "a damaged entry (#damage) is ignored: the runbook compiles again and the entry is replaced"() {
        given:
        cached().compile(ROLLBACK, 'rb.groovy')
        def entry = entryFor(ROLLBACK)
        byte[] whole = Files.readAllBytes(entry)
        Files.write(entry, Arrays.copyOf(whole, damagedLength.call(whole.length) as int))

        when:
        def rb = cached().compile(ROLLBACK, 'rb.groovy')

        then:
        rb.steps()*.name() == ['Restart', 'Check']
        Files.readAllBytes(entry) == whole

        where:
        damage              | damagedLength
        'cut in the middle' | { int n -> n.intdiv(2) }
        'empty'             | { int n -> 0 }
        'one byte short'    | { int n -> n - 1 }
    }

    def "a file that is not an entry (an older JSON cache, say) is not read as one"() {
        given:
        Files.writeString(entryFor(ROLLBACK), '{"format":1,"script":"rb","classes":{},"calls":[]}')

        when:
        def rb = cached().compile(ROLLBACK, 'rb.groovy')

        then:
        rb.name() == 'rollback'
        new ClassCache(dir).load(ClassCache.key(ROLLBACK, 'rb.groovy', RunbookScript.name, getClass().classLoader)).isPresent()
    }

    def "RUNBOOK_CACHE_DIR says where entries go; RUNBOOK_CACHE=off turns the cache off"() {
        when:
        def cache = ClassCache.fromEnvironment([RUNBOOK_CACHE_DIR: dir.resolve('here').toString()]).get()
        new RunbookCompiler(getClass().classLoader, cache).compile(ROLLBACK, 'rb.groovy')

        then:
        // the compiled classes, and the param names the shell completion reads
        Files.list(dir.resolve('here')).toList()*.fileName*.toString() as Set == [entryFor(ROLLBACK).fileName.toString(), 'params'] as Set
        ClassCache.fromEnvironment([RUNBOOK_CACHE: 'off', RUNBOOK_CACHE_DIR: dir.toString()]).isEmpty()
    }

    /** An integration table as the stdlib jar publishes it: docker, with one call. */
    private static String table(String call) {
        """{"integrations": {"docker": "Docker"}, "results": {},
            "types": {"Docker": {"reachedAs": "docker", "properties": {},
                      "calls": {"${call}": {"minArgs": 1, "maxArgs": 1, "options": null, "returns": ""}}}}}"""
    }

    def "a cached runbook is checked again when the integration table changes: a call the new table lacks is rejected"() {
        given: 'a class path whose integration table has docker.restartAll, and a runbook that calls it, compiled and cached'
        def tables = Files.createDirectories(dir.resolve('classpath/META-INF/runbook'))
        Files.writeString(tables.resolve('integration-api.json'), table('restartAll'))
        def text = "runbook('restart-all') { step('Restart') { docker.restartAll('api') } }\n"
        def cache = new ClassCache(dir.resolve('cache'))
        def before = new URLClassLoader([dir.resolve('classpath').toUri().toURL()] as URL[], getClass().classLoader)
        assert new RunbookCompiler(before, cache).compile(text, 'rb.groovy').name() == 'restart-all'

        when: 'the table changes (a new stdlib jar renamed the call) and the same runbook is compiled again with the cache'
        Files.writeString(tables.resolve('integration-api.json'), table('restartEverything'))
        def after = new URLClassLoader([dir.resolve('classpath').toUri().toURL()] as URL[], getClass().classLoader)
        new RunbookCompiler(after, cache).compile(text, 'rb.groovy')

        then: 'it is checked against the new table, not taken from the cache'
        def e = thrown(RunbookProblemsException)
        e.message.contains('restartAll')

        cleanup:
        before?.close()
        after?.close()
    }
}
