package dev.runbook.integrations.testing

import dev.runbook.engine.IntegrationProvider
import dev.runbook.engine.StepFailure

import java.lang.reflect.Method
import java.nio.file.Files
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.RecordComponent
import java.lang.reflect.Type

/**
 * The public API a runbook reaches through each integration, read by reflection from the running code: the classes
 * it can call (an integration and the handles its calls return), their calls with the named options each takes, and
 * the result classes with their fields. The named options are read by asking each call with an option no call
 * knows: every call checks its options before it does anything, and its refusal lists the ones it knows.
 */
class IntegrationApi {
    static final String PROBE = '__probe__'
    static final Set<String> OBJECT_METHODS = ['toString', 'equals', 'hashCode', 'getClass', 'notify', 'notifyAll', 'wait',
                                                       'getMetaClass', 'setMetaClass', 'invokeMethod', 'getProperty', 'setProperty'] as Set

    /** A class a runbook calls: an integration (how it is reached: {@code docker}) or a handle ({@code docker.container(name)}). */
    static class Api {
        Class<?> type
        String reachedAs
        Object instance
        /** call name → the options it takes (empty: none; null: it takes no map) */
        Map<String, List<String>> calls = new TreeMap<>()
        /** property name (a getter) */
        List<String> properties = []
        /** why the options of a call could not be read, by call */
        Map<String, String> unreadable = [:]
    }

    final Map<Class<?>, Api> apis = new LinkedHashMap<>()
    /** result class → its fields (record components, getters, public fields) and its methods, as "name()" */
    final Map<Class<?>, List<String>> results = new TreeMap<>({ Class a, Class b -> a.simpleName <=> b.simpleName } as Comparator)

    IntegrationApi(dev.runbook.engine.IntegrationContext context) {
        ServiceLoader.load(IntegrationProvider, getClass().classLoader).each { p ->
            if (p.class.name.contains('.journal.')) return // a run store, not an integration steps call
            if (p.name() == 'notify') return // built in, its options depend on the channel: dsl.md documents it
            def instance = p.create(context)
            walk(instance.class, p.name(), instance)
        }
    }

    private void walk(Class<?> type, String reachedAs, Object instance) {
        if (apis.containsKey(type)) return
        Api api = new Api(type: type, reachedAs: reachedAs, instance: instance)
        apis[type] = api
        Map<String, List<Method>> byName = publicMethods(type).groupBy { it.name }
        byName.each { String name, List<Method> overloads ->
            if (isGetter(overloads[0])) {
                api.properties << property(overloads[0])
                return
            }
            String call = name == 'doCall' ? reachedAs : name
            Method withMap = overloads.find { it.parameterTypes.length > 0 && it.parameterTypes[0] == Map }
            api.calls[call] = withMap == null ? [] : options(api, call, instance, withMap)
        }
        byName.each { String name, List<Method> overloads ->
            if (isGetter(overloads[0])) {
                returned(overloads[0].genericReturnType).each { result(it) }
                return
            }
            overloads.collectMany { returned(it.genericReturnType) }.unique().each { Class<?> r ->
                if (!isApi(r)) {
                    result(r)
                    return
                }
                if (apis.containsKey(r)) return
                Object made = overloads.findResult { handle(instance, it) } ?: bare(r)
                walk(r, "${reachedAs}.${name == 'doCall' ? '' : name}(…)".replace('.(', '('), made)
            }
        }
    }

    /**
     * An instance made without its constructor, for a handle whose making needs a live system (pg.connect connects):
     * its calls check their named options before they touch any field, which is all the probe asks of it.
     */
    private static Object bare(Class<?> type) {
        def theUnsafe = sun.misc.Unsafe.getDeclaredField('theUnsafe')
        theUnsafe.accessible = true
        sun.misc.Unsafe.getMethod('allocateInstance', Class).invoke(theUnsafe.get(null), type)
    }

    private List<String> options(Api api, String call, Object instance, Method m) {
        if (instance == null) {
            api.unreadable[call] = 'no instance of its class could be made to ask: ' + handleErrors.join('; ')
            return []
        }
        Object[] args = ([[(PROBE): true]] + m.parameterTypes.drop(1).collect { dummy(it) }) as Object[]
        try {
            m.invoke(instance, args)
            api.unreadable[call] = "it accepted the option '$PROBE:'"
        } catch (java.lang.reflect.InvocationTargetException e) {
            String text = e.cause instanceof StepFailure ? e.cause.message : "${e.cause.class.simpleName}: ${e.cause.message}"
            def known = (text =~ /(?:knows: |the options are )(.*)$/)
            if (text.contains("unknown option '$PROBE") && known.find()) return known.group(1).split(', ')*.trim().findAll()
            if (text.contains("unknown option '$PROBE") && text.contains('takes no options')) return []
            api.unreadable[call] = "it answered: $text"
        }
        []
    }

    /** A handle for the API a call returns, made by calling it with harmless arguments (no call here talks to anything). */
    private Object handle(Object instance, Method m) {
        if (instance == null || m.parameterTypes.any { it == Map }) return null
        try {
            return m.invoke(instance, m.parameters.collect { harmless(it) } as Object[])
        } catch (Exception e) {
            handleErrors << "${m.declaringClass.simpleName}.${m.name}: ${e instanceof java.lang.reflect.InvocationTargetException ? e.cause : e}".toString()
            return null
        }
    }

    /** Why a handle could not be made, to say so when its options cannot be read. */
    final List<String> handleErrors = []

    /** An argument a call accepts without touching anything: a file that exists, a URL that parses. */
    private static Object harmless(java.lang.reflect.Parameter p) {
        switch (p.name) {
            case 'file': return Files.createTempFile('probe', '.yml').toString()
            case 'url': return 'postgresql://probe@127.0.0.1:1/probe'
            default: return dummy(p.type)
        }
    }

    private void result(Class<?> r) {
        if (results.containsKey(r)) return
        List<String> members = []
        results[r] = members
        if (r.isRecord()) members.addAll(r.recordComponents*.name)
        r.fields.findAll { Modifier.isPublic(it.modifiers) && !Modifier.isStatic(it.modifiers) }.each { members << it.name }
        Set<String> accessors = r.isRecord() ? (r.recordComponents*.name as Set) : [] as Set
        publicMethods(r).each { Method m ->
            if (accessors.contains(m.name) && m.parameterCount == 0) return
            String member = isGetter(m) ? property(m) : m.name + '()'
            if (!members.contains(member)) members << member
            returned(m.genericReturnType).each { if (!isApi(it)) result(it) }
        }
        if (r.isRecord()) r.recordComponents.each { RecordComponent c -> returned(c.genericType).each { result(it) } }
    }

    private static List<Method> publicMethods(Class<?> type) {
        type.methods.findAll { Method m ->
            m.declaringClass != Object && !Modifier.isStatic(m.modifiers) && !m.synthetic && !m.bridge &&
                    !OBJECT_METHODS.contains(m.name) && m.declaringClass.name.startsWith('dev.runbook.')
        }.sort { it.name }
    }

    private static boolean isGetter(Method m) {
        m.parameterCount == 0 && ((m.name ==~ /get[A-Z].*/ && m.returnType != void) || (m.name ==~ /is[A-Z].*/ && m.returnType == boolean))
    }

    private static String property(Method m) {
        String n = m.name.replaceFirst(/^(get|is)/, '')
        n.length() > 1 && Character.isUpperCase(n.charAt(1)) ? n : Character.toLowerCase(n.charAt(0)).toString() + n.substring(1)
    }

    /** A class of this project a call returns: itself, or what a list of it holds. */
    private static List<Class<?>> returned(Type t) {
        if (t instanceof Class) return t.name.startsWith('dev.runbook.') && !t.isEnum() ? [t] : []
        if (t instanceof ParameterizedType) return t.actualTypeArguments.collectMany { returned(it) }
        []
    }

    /** Handles make calls of their own (with named options, or returning more of this project); the rest are results. */
    private static boolean isApi(Class<?> c) {
        !c.isRecord() && publicMethods(c).any { m ->
            !isGetter(m) && (m.parameterTypes.any { it == Map || it == Closure } || returned(m.genericReturnType))
        }
    }

    private static Object dummy(Class<?> t) {
        if (t.isArray()) return java.lang.reflect.Array.newInstance(t.componentType, 0)
        switch (t) {
            case int: case Integer: return 1
            case long: case Long: return 1L
            case boolean: case Boolean: return false
            case List: return []
            case Map: return [:]
            case Closure: return { -> }
            case GString: return "x${''}"
            default: return 'x'
        }
    }
}
