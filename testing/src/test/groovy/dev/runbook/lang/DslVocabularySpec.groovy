package dev.runbook.lang

import dev.runbook.compile.RunbookCompiler
import dev.runbook.diag.RunbookProblemsException
import dev.runbook.engine.StepScope
import dev.runbook.lang.DslVocabulary.Scope
import dev.runbook.testing.CommandAnswer
import dev.runbook.testing.RunbookSpecification
import spock.lang.Specification

import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.nio.file.Files

/**
 * {@link DslVocabulary} is the one table of the language's words and named options: the builders check options
 * against it, the harness takes notify's from it, the IDE descriptors are rendered from it (issue 22, point 7). This
 * spec compares it with the real builders both ways, so a word or an option added to one and not the other fails
 * here: the public methods and properties of each builder are the words of its scope, and the options each builder
 * takes (read by giving it an option nobody takes: its refusal lists the ones it knows) are the table's.
 */
class DslVocabularySpec extends Specification {
    static final Set<String> PLUMBING = ['methodMissing', 'propertyMissing', 'invokeMethod', 'getProperty', 'setProperty',
                                         'getMetaClass', 'setMetaClass', 'equals', 'hashCode', 'toString', 'getClass',
                                         'notify', 'notifyAll', 'wait'] as Set

    /** The words a class offers: its public methods, getters as properties (getP1 → P1, getWorkdir → workdir). */
    static Set<String> words(Class<?> type, boolean declaredOnly = false) {
        (declaredOnly ? type.declaredMethods : type.methods).findAll { Method m ->
            Modifier.isPublic(m.modifiers) && !Modifier.isStatic(m.modifiers) && !m.synthetic && !m.bridge &&
                    !m.name.contains('$') && !PLUMBING.contains(m.name) && m.declaringClass != Object
        }.collect { Method m -> property(m) ?: m.name } as Set
    }

    static String property(Method m) {
        if (m.parameterCount != 0 || !(m.name ==~ /(get|is)[A-Z]\w*/)) return null
        String n = m.name.replaceFirst(/^(get|is)/, '')
        // the severities are written in capitals (P1); any other getter is a property as Groovy decapitalizes it (s3)
        n ==~ /P\d/ || (n.length() > 1 && Character.isUpperCase(n.charAt(1))) ? n : n[0].toLowerCase() + n.substring(1)
    }

    static Set<String> table(Scope scope) { DslVocabulary.in(scope)*.name() as Set }

    def "the words of runbook { } are the public methods of its builder, both ways"() {
        expect:
        words(RunbookSpec) == table(Scope.RUNBOOK)
        RunbookSpec.ELEMENTS.toSet() + ['P0', 'P1', 'P2', 'P3'] == table(Scope.RUNBOOK)
    }

    def "the words of a step are what its scope offers, plus the integrations, both ways"() {
        given:
        def integrations = ['http', 'notify', 'docker', 'compose', 'k8s', 'pg', 's3', 'fly', 'wrangler', 'supabase'] as Set
        // the engine's own: what the run asks of the scope while it runs, not words a runbook writes
        def engine = words(StepScope, true) - words(StepScopeApi)
        def written = words(StepScope, true).findAll { it in table(Scope.STEP) || it in words(StepScopeApi) } as Set

        expect:
        words(StepScopeApi) - table(Scope.STEP) == [] as Set
        table(Scope.STEP) - integrations - written == [] as Set
        engine.findAll { it in table(Scope.STEP) } == ['requireApproval'] as Set   // a step-level word StepScopeApi leaves out
    }

    def "the words of the team file, a spec, and a faked command's answer are their classes' public methods, both ways"() {
        expect:
        words(TeamSpec) == table(Scope.TEAM)
        // out, err, exitCode and took are what the harness reads back after the answer ran (set through the words)
        words(CommandAnswer, true).findAll { !(it in ['out', 'err', 'exitCode', 'took']) && !(it ==~ /set[A-Z]\w*/) } as Set == table(Scope.SHELL_ANSWER)
        specWords() == table(Scope.SPEC)
    }

    def "durations: every unit on numbers is in the table, and nothing else"() {
        expect:
        DurationExtensions.UNITS as Set == table(Scope.NUMBER)
        DurationExtensions.declaredMethods.findAll { Modifier.isPublic(it.modifiers) && it.name.startsWith('get') }
                .collect { it.name.substring(3).uncapitalize() } as Set == table(Scope.NUMBER)
    }

    /**
     * What a spec writes: RunbookSpecification's public methods and properties, without Spock's plumbing (Spock
     * marks the getters of a spec's final properties synthetic, so they are not filtered out as such).
     */
    static Set<String> specWords() {
        def methods = RunbookSpecification.declaredMethods.findAll {
            Modifier.isPublic(it.modifiers) && !Modifier.isStatic(it.modifiers) && !it.bridge && !it.name.contains('$') && !PLUMBING.contains(it.name)
        }
        (methods.collect { property(it) ?: it.name }.findAll { !(it ==~ /set[A-Z]\w*/) } - ['cleanup', 'metaClass']) as Set
    }

    def "#word in #scope takes exactly the named options the table gives it"() {
        when:
        def refused = optionsRefusal(snippet)

        then:
        refused == DslVocabulary.options(scope, word)

        where:
        scope         | word              | snippet
        Scope.RUNBOOK | 'param'           | "param 'x', __probe__: 1"
        Scope.RUNBOOK | 'secret'          | "secret 'X', __probe__: 1"
        Scope.RUNBOOK | 'step'            | "step('s', __probe__: 1) { log 'x' }"
        Scope.RUNBOOK | 'gate'            | "gate('g', __probe__: 1) { true }"
        Scope.RUNBOOK | 'health'          | "health { true }\n    gate health(__probe__: 1)"
        Scope.RUNBOOK | 'forEach'         | "forEach(['a'], __probe__: 1) { t -> log t }"
        Scope.RUNBOOK | 'include'         | "include 'stdlib:k8s/rollout-undo', __probe__: 1"
        Scope.RUNBOOK | 'manual'          | "manual 'x', __probe__: 1"
        Scope.RUNBOOK | 'confirm'         | "confirm 'X', __probe__: 1"
        Scope.TEAM    | 'member'          | "member 'a', role: 'lead', __probe__: 1"
        Scope.TEAM    | 'policy'          | "policy P1, role: 'lead', __probe__: 1"
        Scope.TEAM    | 'slack'           | "slack channel: '#x', __probe__: 1"
        Scope.TEAM    | 'pagerduty'       | "pagerduty routingKey: 'PD', __probe__: 1"
    }

    def "requireApproval's two forms together take exactly the table's options"() {
        expect:
        optionsRefusal("requireApproval P1, __probe__: 1") + optionsRefusal("requireApproval role: 'lead', __probe__: 1") ==
                DslVocabulary.options(Scope.RUNBOOK, 'requireApproval')
    }

    def "notify in the harness takes the table's options"() {
        expect:
        dev.runbook.testing.FakeNotify.OPTIONS == DslVocabulary.options(Scope.STEP, 'notify')
    }

    /** The options a builder lists when refusing {@code __probe__:} in {@code snippet} (in a runbook or a team file). */
    private static Set<String> optionsRefusal(String snippet) {
        boolean team = snippet.startsWith('member') || snippet.startsWith('policy') || snippet.startsWith('slack') || snippet.startsWith('pagerduty')
        String text = team ? "team {\n    $snippet\n}\n" : "runbook('probe') {\n    $snippet\n}\n"
        try {
            if (team) {
                def f = Files.createTempFile('probe', '.team.groovy')
                Files.writeString(f, text)
                new RunbookCompiler().compileTeam(f)
            } else {
                new RunbookCompiler().compile(text, 'probe.groovy')
            }
        } catch (RunbookProblemsException e) {
            def p = e.problems().find { it.message().startsWith("unknown option '__probe__:'") }
            assert p != null: "no refusal of __probe__: in ${e.problems()}"
            return (p.hint() =~ /the options are (.*)$/)[0][1].split(', ')*.trim() as Set
        }
        throw new AssertionError("the option __probe__: was taken: $snippet")
    }
}
