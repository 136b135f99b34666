package dev.runbook.cli

import dev.runbook.cli.scaffold.IdeDescriptors
import dev.runbook.lang.RunbookSpec
import dev.runbook.lang.StepScopeApi
import dev.runbook.lang.TeamSpec
import dev.runbook.testing.RunbookSpecification
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.lang.reflect.Modifier
import java.nio.file.Path

/**
 * The IDE descriptors {@code runbook init} writes: IntelliJ's runbook.gdsl and Eclipse's runbook.dsld. They cannot
 * be run inside an IDE here; instead each is evaluated against a small stand-in for its IDE's API (the calls the
 * descriptor makes: context/contributor/enclosingCall, contribute and pointcuts) to see which words it offers where.
 */
class IdeDescriptorsSpec extends Specification {
    @TempDir
    Path dir

    def "init writes both descriptors, and both are valid Groovy"() {
        when:
        CliRun.of('init', dir.toString())

        then:
        Files.readString(dir.resolve('runbook.gdsl')) == IdeDescriptors.gdsl()
        Files.readString(dir.resolve('runbook.dsld')) == IdeDescriptors.dsld()
        GroovySyntax.problems(IdeDescriptors.gdsl(), 'runbook.gdsl.groovy').isEmpty()
        GroovySyntax.problems(IdeDescriptors.dsld(), 'runbook.dsld.groovy').isEmpty()
    }

    def "both describe every element of the language, every name of the step scope, the team file and the spec API"() {
        given:
        def stepScope = StepScopeApi.methods*.name.collect { it.startsWith('get') ? it[3].toLowerCase() + it.substring(4) : it } as Set
        def words = RunbookSpec.ELEMENTS + RunbookSpec.STEP_ONLY + stepScope + TeamSpec.ELEMENTS + harnessMethods() +
                ['runbook', 'team', 'shell', 'http', 'docker', 'k8s', 'pg', 's3', 'stdout', 'stderr', 'exit', 'sleep']

        expect:
        words.findAll { !IdeDescriptors.gdsl().contains("name: '${it}'") } == []
        words.findAll { !IdeDescriptors.dsld().contains("name: '${it}'") } == []
    }

    def "IntelliJ is offered each word where it belongs: the file, runbook { }, a step, the team file, a spec"() {
        given:
        def gdsl = new Gdsl(IdeDescriptors.gdsl())

        expect: 'a runbook file'
        gdsl.offered('/repo/restart-api.groovy', 'script', []) == ['runbook'] as Set
        gdsl.offered('/repo/restart-api.groovy', 'closure', ['runbook']).containsAll(['step', 'param', 'gate', 'requireApproval', 'onFailure', 'P1'])
        !gdsl.offered('/repo/restart-api.groovy', 'closure', ['runbook']).contains('sh')

        and: 'step scope: step bodies, handlers, health checks and gate conditions'
        ['step', 'onFailure', 'always', 'health', 'gate'].every { call ->
            gdsl.offered('/repo/restart-api.groovy', 'closure', ['runbook', call])
                    .containsAll(['params', 'env', 'secrets', 'run', 'workdir', 'log', 'sh', 'http', 'docker', 'compose', 'k8s', 'pg', 's3', 'notify'])
        }
        !gdsl.offered('/repo/restart-api.groovy', 'closure', ['runbook', 'step']).contains('param')

        and: 'the team file offers the team, not the runbook'
        gdsl.offered('/repo/runbook.team.groovy', 'script', []) == ['team'] as Set
        gdsl.offered('/repo/runbook.team.groovy', 'closure', ['team']) == ['member', 'serve', 'identity', 'required', 'policy', 'slack', 'pagerduty', 'journal', 'P0', 'P1', 'P2', 'P3'] as Set
        gdsl.offered('/repo/.runbook/team.groovy', 'script', []) == ['team'] as Set

        and: 'a spec offers the harness, and what a faked command answers inside shell.on { }'
        gdsl.offered('/repo/RestartApiSpec.groovy', 'method', [])
                .containsAll(['load', 'stdlib', 'run', 'plan', 'shell', 'approver', 'operatorAnswers', 'ran', 'notified'])
        gdsl.offered('/repo/RestartApiSpec.groovy', 'closure', ['on']).containsAll(['stdout', 'stderr', 'exit'])
        !gdsl.offered('/repo/RestartApiSpec.groovy', 'method', []).any { it in ['step', 'param', 'sh', 'member'] }
    }

    def "Eclipse is offered the same words in the same places"() {
        given:
        def dsld = new Dsld(IdeDescriptors.dsld())

        expect:
        dsld.offered(file: 'restart-api.groovy', script: true, calls: []) == ['runbook'] as Set
        dsld.offered(file: 'restart-api.groovy', script: true, calls: ['runbook']).containsAll(['step', 'param', 'gate', 'requireApproval'])
        !dsld.offered(file: 'restart-api.groovy', script: true, calls: ['runbook']).contains('sh')
        ['step', 'onFailure', 'always', 'health', 'gate'].every { call ->
            dsld.offered(file: 'restart-api.groovy', script: true, calls: ['runbook', call])
                    .containsAll(['params', 'env', 'secrets', 'run', 'workdir', 'log', 'sh', 'http', 'docker', 'compose', 'k8s', 'pg', 's3', 'notify'])
        }
        dsld.offered(file: 'runbook.team.groovy', script: true, calls: ['team']).containsAll(['member', 'policy', 'slack', 'pagerduty'])
        dsld.offered(file: 'RestartApiSpec.groovy', script: false, calls: [], superClass: 'dev.runbook.testing.RunbookSpecification')
                .containsAll(['load', 'run', 'shell', 'approver', 'ran', 'notified'])
        dsld.offered(file: 'RestartApiSpec.groovy', script: false, calls: ['on'], superClass: 'dev.runbook.testing.RunbookSpecification')
                .containsAll(['stdout', 'stderr', 'exit'])
        dsld.offered(file: 'Other.groovy', script: false, calls: [], superClass: 'java.lang.Object').isEmpty()
    }

    def "the words issue 22 found missing are offered where they belong, with their named options"() {
        given:
        def gdsl = new Gdsl(IdeDescriptors.gdsl())
        def dsld = new Dsld(IdeDescriptors.dsld())
        def inRunbook = gdsl.namedOf('/repo/restart-api.groovy', 'closure', ['runbook'])
        def inStep = gdsl.namedOf('/repo/restart-api.groovy', 'closure', ['runbook', 'step'])

        expect: "forEach's continueOnFailure and idempotent, and forEach inside a step (and its body is step scope)"
        inRunbook.forEach.containsAll(['continueOnFailure', 'idempotent', 'concurrency', 'maxErrors', 'timeout', 'name'])
        inStep.forEach == ['concurrency', 'maxErrors', 'timeout', 'continueOnFailure']
        gdsl.offered('/repo/restart-api.groovy', 'closure', ['runbook', 'forEach']).containsAll(['sh', 'log', 'docker'])

        and: "parallel('name'), health(within:), gate's options"
        gdsl.paramsOf('/repo/restart-api.groovy', 'closure', ['runbook']).parallel == ['name', 'steps']
        inRunbook.health.containsAll(['within', 'every', 'sustain'])
        inRunbook.gate.containsAll(['within', 'every', 'sustain', 'pollTimeout', 'continueOnFailure'])

        and: 'durations on numbers, in both IDEs'
        gdsl.offeredOn('java.lang.Number').containsAll(['seconds', 'minutes', 'hours', 'percent'])
        dsld.offered(file: 'restart-api.groovy', script: true, calls: [], type: 'java.lang.Number').containsAll(['seconds', 'minutes', 'percent'])
        !dsld.offered(file: 'restart-api.groovy', script: true, calls: [], type: 'java.lang.String').contains('minutes')

        and: "the spec's calls, and notified pagerduty: / webhook:"
        gdsl.offered('/repo/RestartApiSpec.groovy', 'method', []).contains('calls')
        gdsl.namedOf('/repo/RestartApiSpec.groovy', 'method', []).notified.containsAll(['slack', 'pagerduty', 'webhook', 'text'])
    }

    /** What a spec calls on RunbookSpecification: its public methods, without Groovy's and Spock's plumbing. */
    private static Set<String> harnessMethods() {
        def names = RunbookSpecification.declaredMethods
                .findAll { Modifier.isPublic(it.modifiers) && !Modifier.isStatic(it.modifiers) && !it.synthetic && !it.name.contains('$') }*.name
                .collect { it ==~ /get[A-Z]\w*/ ? it[3].toLowerCase() + it.substring(4) : it }
                .findAll { !(it ==~ /(set|is)[A-Z]\w*/) }
        (names - ['cleanup', 'metaClass', 'invokeMethod', 'property']) as Set
    }

    /** IntelliJ's side of a GDSL script: contexts by path and scope; contributors asking for the enclosing calls. */
    static class Gdsl {
        private final List<List> contributors = []

        Gdsl(String text) {
            def binding = new Binding()
            binding.context = { Map m -> m }
            binding.scriptScope = { -> [kind: 'script'] }
            binding.closureScope = { -> [kind: 'closure'] }
            binding.contributor = { Map ctx, Closure body -> contributors << [ctx, body] }
            new GroovyShell(binding).evaluate(text)
        }

        /** The names offered at a place: a file path, the kind of place (script, closure, method) and its enclosing calls. */
        Set<String> offered(String path, String kind, List<String> calls) {
            collect(path, kind, calls, null).keySet()
        }

        /** The named options of each method offered at a place. */
        Map<String, List<String>> namedOf(String path, String kind, List<String> calls) {
            collect(path, kind, calls, null).collectEntries { k, v -> [(k): v.named] }
        }

        /** The positional parameters of each method offered at a place. */
        Map<String, List<String>> paramsOf(String path, String kind, List<String> calls) {
            collect(path, kind, calls, null).collectEntries { k, v -> [(k): v.params] }
        }

        /** The names offered on an expression of this type ({@code context(ctype: ...)}). */
        Set<String> offeredOn(String type) {
            collect(null, null, [], type).keySet()
        }

        private Map<String, Map> collect(String path, String kind, List<String> calls, String type) {
            Map<String, Map> names = [:]
            contributors.each { ctx, Closure body ->
                if (ctx.ctype != type) return
                if (path != null && ctx.pathRegexp && !(path ==~ ctx.pathRegexp)) return
                if (kind != null && ctx.scope && ctx.scope.kind != kind) return
                def api = new Object() {
                    def method(Map m) { names[m.name] = [named: (m.namedParams ?: [])*.name, params: (m.params ?: [:]).keySet() as List] }
                    def property(Map m) { names[m.name] = [named: [], params: []] }
                    def parameter(Map m) { m }
                    def enclosingCall(String name) { calls.contains(name) ? name : null }
                }
                def c = body.rehydrate(api, body.owner, body.thisObject)
                c.resolveStrategy = Closure.DELEGATE_FIRST
                c.call()
            }
            names
        }
    }

    /** Eclipse's side of a DSLD script: pointcuts combined with & and |, tested against one place. */
    static class Dsld {
        private final List<List> contributions = []

        static class Pointcut {
            Closure<Boolean> test
            Pointcut and(Pointcut o) { new Pointcut(test: { p -> test(p) && o.test(p) }) }
            Pointcut or(Pointcut o) { new Pointcut(test: { p -> test(p) || o.test(p) }) }
        }

        Dsld(String text) {
            def binding = new Binding()
            binding.isScript = { -> new Pointcut(test: { p -> p.script }) }
            binding.fileExtension = { String ext -> new Pointcut(test: { p -> p.file.endsWith('.' + ext) }) }
            binding.fileName = { String name -> new Pointcut(test: { p -> p.file == name }) }
            binding.isThisType = { -> new Pointcut(test: { p -> p.type == null }) }
            binding.enclosingCallName = { String name -> new Pointcut(test: { p -> p.calls.contains(name) }) }
            binding.subType = { String type -> type }
            binding.currentType = { String type -> new Pointcut(test: { p -> p.type == type }) }
            binding.enclosingClass = { String superType -> new Pointcut(test: { p -> p.superClass == superType }) }
            binding.contribute = { Pointcut pc, Closure body -> contributions << [pc, body] }
            new GroovyShell(binding).evaluate(text)
        }

        Set<String> offered(Map place) {
            Set<String> names = []
            contributions.each { Pointcut pc, Closure body ->
                if (!pc.test(place)) return
                def api = new Object() {
                    def method(Map m) { names << m.name }
                    def property(Map m) { names << m.name }
                }
                def c = body.rehydrate(api, body.owner, body.thisObject)
                c.resolveStrategy = Closure.DELEGATE_FIRST
                c.call()
            }
            names
        }
    }
}
