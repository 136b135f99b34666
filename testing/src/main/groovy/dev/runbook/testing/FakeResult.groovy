package dev.runbook.testing

import dev.runbook.api.IntegrationApiTable
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation

/**
 * A result the spec scripted ({@code docker.on('container.inspect') { [running: false, exitCode: 137] }}) as the
 * runbook reads it: the fields scripted read as given; a field of the real result that the spec left out fails the
 * spec when the runbook reads it (only the spec can say what the world answered), unless it is derived (a getter or
 * method of the real result, as {@code ContainerLogs.text} or {@code contains()}) and every record component was
 * scripted: then the real result's code computes it. A field the real result does not have is refused when the
 * answer is given ({@link TypedFakes}).
 */
class FakeResult {
    // odd names: a runbook reading result.owner or result.type must reach propertyMissing, not these fields
    private final IntegrationApiTable.Result fakeType
    private final Map<String, Object> fakeValues
    private final FakeIntegration fakeOwner
    private final FakeCall fakeCall

    FakeResult(IntegrationApiTable.Result type, Map<String, Object> values, FakeIntegration owner, FakeCall call) {
        this.fakeType = type
        this.fakeValues = Collections.unmodifiableMap(new LinkedHashMap<>(values))
        this.fakeOwner = owner
        this.fakeCall = call
    }

    Object propertyMissing(String name) {
        if (fakeValues.containsKey(name)) return fakeValues[name]
        if (!fakeType.fields().containsKey(name)) return fakeOwner.refuseRead(fakeCall, name, "${fakeType.name()} has no field '$name' — ${fakeType.suggest(name)}")
        Object real = realInstance()
        if (real != null && !(name in fakeType.components())) return real."$name"
        fakeOwner.unscriptedField(fakeCall, fakeType, name)
    }

    Object methodMissing(String name, Object args) {
        Object[] all = args instanceof Object[] ? (Object[]) args : [args] as Object[]
        Object scripted = fakeValues[name]
        if (scripted instanceof Closure) return ((Closure) scripted).call(all)
        if (!fakeType.methods().contains(name)) return fakeOwner.refuseRead(fakeCall, name + '()', "${fakeType.name()} has no method '$name' — ${fakeType.suggest(name)}")
        Object real = realInstance()
        if (real != null) return real.invokeMethod(name, all)
        fakeOwner.unscriptedField(fakeCall, fakeType, name + '()')
    }

    /** The real result, when its class is on the class path and every record component was scripted; else null. */
    private Object realInstance() {
        if (!fakeType.components() || fakeType.className() == null || !fakeValues.keySet().containsAll(fakeType.components())) return null
        Class<?> type
        try {
            type = Class.forName(fakeType.className(), true, Thread.currentThread().contextClassLoader ?: getClass().classLoader)
        } catch (ClassNotFoundException ignored) {
            return null
        }
        if (!type.isRecord()) return null
        def components = type.recordComponents
        try {
            Object[] values = components.collect { DefaultTypeTransformation.castToType(unwrap(fakeValues[it.name]), it.type) } as Object[]
            return type.getDeclaredConstructor(components*.type as Class[]).newInstance(values)
        } catch (Exception notThisWay) {
            return null   // a scripted value of another shape than the record's (a nested answer): no real instance
        }
    }

    private static Object unwrap(Object v) {
        v instanceof GString ? v.toString() : v
    }

    boolean asBoolean() { true }

    String toString() { "${fakeType.name()}${fakeValues}" }
}
