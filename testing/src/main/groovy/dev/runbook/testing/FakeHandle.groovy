package dev.runbook.testing

import dev.runbook.api.IntegrationApiTable.Ref

/**
 * What a call no rule answers returns: records further calls on it; its properties must be scripted. It has the
 * type the real call returns (when the integrations' API table says), so calls and reads the real one would not
 * take fail the spec.
 */
class FakeHandle {
    // odd names: a runbook reading handle.owner must reach propertyMissing, not these fields
    private final FakeIntegration fakeOwner
    private final List<FakeCall.Segment> fakeChain
    private final String fakeStep
    private final Ref fakeType

    FakeHandle(FakeIntegration owner, List<FakeCall.Segment> chain, String step, Ref type = null) {
        this.fakeOwner = owner
        this.fakeChain = chain
        this.fakeStep = step
        this.fakeType = type
    }

    Object methodMissing(String method, Object args) {
        Object[] all = args instanceof Object[] ? (Object[]) args : [args] as Object[]
        if (fakeOwner.isResult(fakeType)) return fakeOwner.resultMethod(fakeChain, fakeType, method, fakeStep)
        Map<String, Object> named = all.length > 0 && all[0] instanceof Map ? (Map<String, Object>) all[0] : [:]
        List<Object> positional = (all.length > 0 && all[0] instanceof Map ? all.drop(1) : all) as List
        fakeOwner.invoke(fakeChain + [new FakeCall.Segment(method: method, named: named, args: positional)], fakeStep, fakeType)
    }

    /**
     * {@code docker.container('api').inspect()}: Groovy gives every object an {@code inspect()} (and a {@code dump()})
     * that would answer before {@link #methodMissing}; here they are calls on the integration like any other.
     */
    Object inspect() { methodMissing('inspect', [] as Object[]) }

    Object dump() { methodMissing('dump', [] as Object[]) }

    Object propertyMissing(String property) {
        fakeOwner.read(fakeChain, fakeType, property, fakeStep)
    }

    boolean asBoolean() { true }

    String toString() { fakeChain ? new FakeCall(fakeOwner.name, fakeChain, fakeStep).text : fakeOwner.name }
}
