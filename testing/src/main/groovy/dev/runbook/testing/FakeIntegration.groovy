package dev.runbook.testing

import dev.runbook.api.IntegrationApiTable
import dev.runbook.api.IntegrationApiTable.Ref
import dev.runbook.engine.StepFailure

import java.util.concurrent.CopyOnWriteArrayList

/**
 * A scripted stand-in for an integration ({@code docker}, {@code k8s}, {@code pg}, {@code s3} ...): it touches
 * nothing, records every call, and answers from rules the spec writes by call path:
 * <pre>
 * k8s.on('deployment.history') { [[revision: 3, changeCause: 'v1.2.4'], [revision: 2, changeCause: 'v1.2.3']] }
 * k8s.on('deployment.status') { call -> [ready: true, desired: 3] }
 * docker.on('container.restart', times: 1) { throw new IllegalStateException('container api is not running') }
 * pg.on('connect.query') { call -> call.args[0] =~ /count/ ? [[count: 0]] : [] }
 * </pre>
 * A path is the method names of the chain joined by dots; a Pattern rule is searched for in the call's text
 * ({@code k8s.deployment('api', ns: 'prod').undo()}). The newest matching rule answers; {@code times:} limits a
 * rule. A call no rule answers returns a handle that records further calls, so {@code docker.container('api').stop()}
 * needs no script; reading a property of such a handle (a result the runbook depends on) fails the spec with the
 * call, since only the spec can say what the world answered.
 *
 * <p>Typed like the real integration ({@link TypedFakes}, from the integrations' API table): a call, a named option
 * or a number of arguments the real one would refuse fails the spec with "did you mean", as does scripting a path
 * it has no call for; a scripted result is checked against the real result's fields and reads like it
 * ({@link FakeResult}).
 */
class FakeIntegration {
    private static class Rule {
        Object path
        Closure answer
        Integer timesLeft
    }

    final String name
    private final List<Rule> rules = new CopyOnWriteArrayList<>()
    private final CallLog log
    private final List<String> unscripted
    private final TypedFakes typing
    /** The real integration's entry type, or null: a fake no API table describes accepts any call. */
    private final Ref root

    FakeIntegration(String name, CallLog log, List<String> unscripted) {
        this(name, log, unscripted, TypedFakes.table())
    }

    FakeIntegration(String name, CallLog log, List<String> unscripted, IntegrationApiTable api) {
        this.name = name
        this.log = log
        this.unscripted = unscripted
        this.typing = new TypedFakes(api)
        this.root = api.root(name).map { new Ref(it.name(), false) }.orElse(null)
    }

    /** True when the fake knows the real integration's API (calls it does not have fail the spec). */
    boolean isTyped() { root != null }

    /**
     * Scripts calls at {@code path} ({@code 'deployment.undo'}) or matching a Pattern. The answer closure gets the
     * {@link FakeCall}; what it returns is the call's result (maps read like result objects); what it throws, the
     * runbook sees as the integration's failure.
     */
    FakeIntegration on(Map options, Object path, Closure answer) {
        if (path instanceof CharSequence) {
            String wrong = typing.checkPath(name, path.toString())
            if (wrong != null) throw new AssertionError(wrong)
        }
        rules << new Rule(path: path, answer: answer, timesLeft: options.times as Integer)
        this
    }

    FakeIntegration on(Object path, Closure answer) {
        on([:], path, answer)
    }

    /** Shorthand: the call at {@code path} fails with {@code message}, as the integration would report it. */
    FakeIntegration fail(Map options, Object path, String message) {
        on(options, path) { throw new StepFailure(message, StepFailure.Kind.ERROR) }
    }

    FakeIntegration fail(Object path, String message) {
        fail([:], path, message)
    }

    /** The object the runbook's steps see under this name, recording calls as made in {@code step}. */
    Object forStep(String step) {
        new FakeHandle(this, [], step, root)
    }

    /**
     * A call the runbook made on a handle of type {@code on}: refused when the real integration has no such call or
     * option; else the newest matching rule answers it (its answer typed as the real result), else a handle for
     * further calls.
     */
    Object invoke(List<FakeCall.Segment> chain, String step, Ref on = null) {
        FakeCall call = new FakeCall(name, chain, step)
        Ref returns
        try {
            returns = typing.check(on, chain[-1])
        } catch (TypedFakes.Refused e) {
            return refuse(call.text, step, e.message)
        }
        log.add(name, call.text, step)
        Rule rule = rules.reverse().find { Rule r -> (r.timesLeft == null || r.timesLeft > 0) && matches(r.path, call) }
        if (rule == null) return new FakeHandle(this, chain, step, returns)
        synchronized (rule) { if (rule.timesLeft != null) rule.timesLeft-- }
        Closure c = (Closure) rule.answer.clone()
        Object answer = c.maximumNumberOfParameters == 0 ? c.call() : c.call(call)
        try {
            return typing.typed(answer, returns, this, call)
        } catch (TypedFakes.Refused e) {
            return refuse(call.text, step, e.message)
        }
    }

    /** What the real integration would refuse fails the step and, whatever the runbook does about that, the spec. */
    private Object refuse(String text, String step, String problem) {
        unscripted << "$text in step '$step' — $problem".toString()
        throw new StepFailure("$problem: $text", StepFailure.Kind.ERROR)
    }

    /** A property read on a handle: checked against the real type, then refused as unscripted (see {@link #unscriptedRead}). */
    Object read(List<FakeCall.Segment> chain, Ref on, String property, String step) {
        String wrong = typing.checkRead(on, property)
        if (wrong != null) return refuse(new FakeCall(name, chain, step).text + '.' + property, step, wrong)
        unscriptedRead(chain, property, step)
    }

    /** A method called on the unscripted result of a call: {@code logs.contains('x')} reads what only the spec can say. */
    Object resultMethod(List<FakeCall.Segment> chain, Ref on, String method, String step) {
        String wrong = typing.checkResultMethod(on, method)
        if (wrong != null) return refuse(new FakeCall(name, chain, step).text + '.' + method + '()', step, wrong)
        unscriptedRead(chain, method + '()', step)
    }

    boolean isResult(Ref ref) { typing.resultType(ref) != null }

    /** A {@link FakeResult} read for a field its real result does not have. */
    Object refuseRead(FakeCall call, String member, String problem) {
        refuse(call.text + '.' + member, call.step, problem)
    }

    /** A {@link FakeResult} read for a field of the real result that the spec's answer left out. */
    Object unscriptedField(FakeCall call, IntegrationApiTable.Result type, String field) {
        String plain = field.replace('()', '')
        unscripted << ("${call.text}.$field in step '${call.step}' — the spec's answer (a ${type.name()}) has no $plain: " +
                "add it to what ${name}.on('${call.path}') returns, e.g. [$plain: ...]").toString()
        throw new StepFailure("unscripted field (the spec's answer to ${call.text} has no $plain)", StepFailure.Kind.ERROR)
    }

    private static boolean matches(Object path, FakeCall call) {
        path instanceof java.util.regex.Pattern ? path.matcher(call.text).find() : String.valueOf(path) == call.path
    }

    Object unscriptedRead(List<FakeCall.Segment> chain, String property, String step) {
        // rows[0].n: the read is of what connect.query returned; getAt is the runbook indexing it, not a call
        List<FakeCall.Segment> calls = chain.reverse().dropWhile { it.method == 'getAt' }.reverse()
        String text = new FakeCall(name, chain, step).text + '.' + property
        String path = calls*.method.findAll { it != 'call' }.join('.')
        unscripted << "$text in step '$step' — script what it returns: ${name}.on('$path') { [${property}: ...] }".toString()
        throw new StepFailure("unscripted result (the spec has no ${name}.on('$path') for it): $text", StepFailure.Kind.ERROR)
    }
}
