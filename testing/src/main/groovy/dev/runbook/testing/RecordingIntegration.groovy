package dev.runbook.testing

import org.codehaus.groovy.runtime.InvokerHelper

/**
 * A real integration as a step sees it in real mode: every call goes to the real object, and is first written to
 * the spec's {@link CallLog} in the very form a {@link FakeIntegration} records
 * ({@code docker.container('api').rollbackTo(settle: 20s, 'app:v1')}), so {@code called}, {@code notCalled} and
 * {@code calls} read the same whichever mode ran. A call's result that is itself a handle of the integration
 * ({@code docker.container('api')}, {@code pg.connect(...)}) is wrapped too, so the calls made on it are recorded
 * as one chain; results that are data (records, lists, strings) are handed over as they are.
 */
class RecordingIntegration {
    // odd names: a runbook reading handle.owner must reach propertyMissing, not these fields
    private final Object realTarget
    private final String realName
    private final List<FakeCall.Segment> realChain
    private final String realStep
    private final CallLog realLog

    RecordingIntegration(Object target, String name, List<FakeCall.Segment> chain, String step, CallLog log) {
        this.realTarget = target
        this.realName = name
        this.realChain = chain
        this.realStep = step
        this.realLog = log
    }

    Object methodMissing(String method, Object args) {
        Object[] all = args instanceof Object[] ? (Object[]) args : [args] as Object[]
        Map<String, Object> named = all.length > 0 && all[0] instanceof Map ? (Map<String, Object>) all[0] : [:]
        // a handle passed back reads as the calls that made it, as a fake's handle does: pg.dump(pg.connect('x'), ...)
        List<Object> positional = ((all.length > 0 && all[0] instanceof Map ? all.drop(1) : all) as List).collect {
            it instanceof RecordingIntegration ? new CallText(it.chainText()) : it
        }
        List<FakeCall.Segment> chain = realChain + [new FakeCall.Segment(method: method, named: named, args: positional)]
        realLog.add(realName, new FakeCall(realName, chain, realStep).text, realStep)
        // a handle the runbook passes back (pg.dump(db, ...)) must reach the integration as the real object
        Object[] real = all.collect { it instanceof RecordingIntegration ? it.realTarget : it } as Object[]
        Object result = InvokerHelper.invokeMethod(realTarget, method, real)
        isHandle(result) ? new RecordingIntegration(result, realName, chain, realStep, realLog) : result
    }

    /** Groovy gives every object an inspect() and a dump(): here they are the integration's calls, as in a fake. */
    Object inspect() { methodMissing('inspect', [] as Object[]) }

    Object dump() { methodMissing('dump', [] as Object[]) }

    Object propertyMissing(String property) {
        InvokerHelper.getProperty(realTarget, property)
    }

    /** The integration's own objects that take further calls; records and plain data are results, not handles. */
    private static boolean isHandle(Object o) {
        o != null && !o.getClass().isRecord() && !(o instanceof CharSequence) && !(o instanceof Number) &&
                !(o instanceof Boolean) && !(o instanceof Collection) && !(o instanceof Map) && !o.getClass().isEnum() &&
                o.getClass().name.startsWith('dev.runbook.integrations.')
    }

    private String chainText() { realChain ? new FakeCall(realName, realChain, realStep).text : realName }

    /** How a handle shows inside another call's text. */
    private static final class CallText {
        private final String text

        CallText(String text) { this.text = text }

        String toString() { text }
    }

    boolean asBoolean() { true }

    String toString() { String.valueOf(realTarget) }
}
