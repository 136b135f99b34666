package dev.runbook.testing

import dev.runbook.api.IntegrationApiTable
import dev.runbook.api.IntegrationApiTable.ApiType
import dev.runbook.api.IntegrationApiTable.Call
import dev.runbook.api.IntegrationApiTable.Ref
import dev.runbook.api.IntegrationApiTable.Result
import dev.runbook.diag.Suggestions

/**
 * What makes a {@link FakeIntegration} answer like the real one: the integrations' API table
 * ({@link IntegrationApiTable}, published by the jar that holds them) says which calls each handle has, with which
 * arguments and named options, and what they return. A call, an option, a scripted path or a scripted result field
 * the real integration does not have fails the spec with "did you mean". Without a table on the class path (a
 * plugin integration that publishes none) a fake accepts any call, as before.
 */
class TypedFakes {
    private static volatile IntegrationApiTable classPathTable

    /** The table of the integrations on the spec's class path (read once). */
    static IntegrationApiTable table() {
        if (classPathTable == null) {
            ClassLoader loader = Thread.currentThread().contextClassLoader ?: TypedFakes.classLoader
            IntegrationApiTable t = IntegrationApiTable.load(loader)
            if (t.empty && loader != TypedFakes.classLoader) t = IntegrationApiTable.load(TypedFakes.classLoader)
            classPathTable = t
        }
        classPathTable
    }

    final IntegrationApiTable api

    TypedFakes(IntegrationApiTable api) {
        this.api = api
    }

    /** What a handle of {@code ref} is: an API type, a result, or unknown (null: untyped). */
    ApiType apiType(Ref ref) { ref == null || ref.list() ? null : api.type(ref.type()).orElse(null) }

    Result resultType(Ref ref) { ref == null || ref.list() ? null : api.result(ref.type()).orElse(null) }

    /**
     * Checks one call made on a handle of type {@code on}; returns what it returns, or throws {@link Refused} saying
     * what is wrong. An untyped handle (null) takes any call and returns an untyped handle.
     */
    Ref check(Ref on, FakeCall.Segment segment) {
        if (on == null) return null
        if (on.list()) return segment.method == 'getAt' ? on.element() : null   // rows[0]; a list's own methods
        ApiType type = apiType(on)
        if (type == null) return null
        Call call = type.call(segment.method).orElse(null)
        if (call == null) {
            if (segment.method == 'call') throw new Refused("${type.reachedAs()} is not called as a function — ${type.suggest('call')}")
            throw new Refused("${type.reachedAs()} has no call '${segment.method}' — ${type.suggest(segment.method)}")
        }
        String shown = segment.method == 'call' ? type.reachedAs() : "${type.reachedAs()}.${segment.method}()"
        if (segment.named) {
            if (!call.takesOptions()) {
                throw new Refused("$shown takes no named options (it was given ${segment.named.keySet().collect { it + ':' }.join(' ')})")
            }
            String unknown = segment.named.keySet().find { !(it in call.options()) }
            if (unknown != null) {
                throw new Refused("unknown option '$unknown:' for $shown — " + Suggestions.closest(unknown, call.options())
                        .map { "did you mean '$it:'?" }.orElse("its options are ${call.options().collect { it + ':' }.join(' ')}"))
            }
        }
        if (!call.takes(segment.args.size())) {
            throw new Refused("$shown takes ${call.arity()}, not ${segment.args.size()}")
        }
        call.returns()
    }

    /** A property read on an unscripted handle: null when it is a property or field the real type has; else what is wrong. */
    String checkRead(Ref on, String property) {
        ApiType type = apiType(on)
        if (type != null) {
            if (type.properties().containsKey(property)) return null
            if (type.calls().containsKey(property)) return "${type.reachedAs()}.$property is a call: write $property()"
            return "${type.reachedAs()} has no property '$property' — ${type.suggest(property)}"
        }
        Result result = resultType(on)
        if (result != null && !result.has(property)) return "${result.name()} has no field '$property' — ${result.suggest(property)}"
        null
    }

    /** A method called on an unscripted result: null when the real result has it; else what is wrong. */
    String checkResultMethod(Ref on, String method) {
        Result result = resultType(on)
        if (result == null || result.methods().contains(method)) return null
        "${result.name()} has no method '$method' — ${result.suggest(method)}"
    }

    /**
     * A path a spec scripts ({@code 'deployment.undo'}) must name calls the integration has: else the spec fails
     * where it scripts it, with "did you mean", instead of scripting a call no runbook can make.
     */
    String checkPath(String integration, String path) {
        ApiType type = api.root(integration).orElse(null)
        if (type == null) return null
        Ref at = new Ref(type.name(), false)
        List<String> walked = []
        for (String name : path.split('\\.')) {
            ApiType current = apiType(at)
            if (current == null) {
                return "${integration}.on('$path'): ${walked.join('.')} returns ${at?.type() ?: 'a plain value'}, which has no calls"
            }
            Call call = current.call(name).orElse(null)
            if (call == null && current.call('call').present) {
                // compose('file').ps() is scripted as 'ps': the integration called as a function is no segment
                Ref through = current.call('call').get().returns()
                ApiType next = apiType(through)
                if (next != null && next.call(name).present) {
                    current = next
                    call = next.call(name).get()
                }
            }
            if (call == null) {
                List<String> known = current.calls().keySet().findAll { it != 'call' }.collect { (walked + [it]).join('.') }
                return "${integration}.on('$path'): ${current.reachedAs()} has no call '$name' — " +
                        Suggestions.didYouMean((walked + [name]).join('.'), known, "the paths here are ${known.join(', ')}")
            }
            walked << name
            at = call.returns()
        }
        null
    }

    /**
     * The spec's answer as the runbook sees it: a map (or a list of maps) answering a call that returns a result
     * becomes a {@link FakeResult} of that result, after its fields are checked against the real ones.
     */
    Object typed(Object answer, Ref ref, FakeIntegration owner, FakeCall call) {
        if (ref == null || ref.type() == null) return answer
        Result result = api.result(ref.type()).orElse(null)
        if (result == null) return answer
        if (ref.list()) {
            return answer instanceof Collection ? answer.collect { typedOne(it, result, owner, call) } : answer
        }
        typedOne(answer, result, owner, call)
    }

    private Object typedOne(Object answer, Result result, FakeIntegration owner, FakeCall call) {
        if (!(answer instanceof Map)) return answer
        Map<String, Object> values = [:]
        ((Map) answer).each { k, v ->
            String field = String.valueOf(k)
            if (!result.has(field)) {
                throw new Refused("the spec's answer to ${call.text} has a field ${result.name()} does not have: '$field' — ${result.suggest(field)}")
            }
            values[field] = typed(v, result.fields()[field], owner, call)
        }
        new FakeResult(result, values, owner, call)
    }

    /** A call, option or answer the real integration would not take: the spec fails with this message. */
    static class Refused extends RuntimeException {
        Refused(String message) {
            super(message)
        }
    }
}
