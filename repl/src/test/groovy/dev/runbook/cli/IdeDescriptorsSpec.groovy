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
            Set<String> names = []
            contributors.each { ctx, Closure body ->
                if (ctx.pathRegexp && !(path ==~ ctx.pathRegexp)) return
                if (ctx.scope && ctx.scope.kind != kind) return
                def api = new Object() {
                    def method(Map m) { names << m.name }
                    def property(Map m) { names << m.name }
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
            binding.isThisType = { -> new Pointcut(test: { p -> true }) }
            binding.enclosingCallName = { String name -> new Pointcut(test: { p -> p.calls.contains(name) }) }
            binding.subType = { String type -> type }
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
