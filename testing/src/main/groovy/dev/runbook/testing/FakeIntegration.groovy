package dev.runbook.testing

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

    FakeIntegration(String name, CallLog log, List<String> unscripted) {
        this.name = name
        this.log = log
        this.unscripted = unscripted
    }

    /**
     * Scripts calls at {@code path} ({@code 'deployment.undo'}) or matching a Pattern. The answer closure gets the
     * {@link FakeCall}; what it returns is the call's result (maps read like result objects); what it throws, the
     * runbook sees as the integration's failure.
     */
    FakeIntegration on(Map options, Object path, Closure answer) {
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
        new FakeHandle(this, [], step)
    }

    /** A call the runbook made: the newest matching rule answers it, else a handle for further calls. */
    Object invoke(List<FakeCall.Segment> chain, String step) {
        FakeCall call = new FakeCall(name, chain, step)
        log.add(name, call.text, step)
        Rule rule = rules.reverse().find { Rule r -> (r.timesLeft == null || r.timesLeft > 0) && matches(r.path, call) }
        if (rule == null) return new FakeHandle(this, chain, step)
        synchronized (rule) { if (rule.timesLeft != null) rule.timesLeft-- }
        Closure c = (Closure) rule.answer.clone()
        c.maximumNumberOfParameters == 0 ? c.call() : c.call(call)
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
