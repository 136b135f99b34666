package dev.runbook.integrations.testing

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.SerializationFeature

import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type

/**
 * Writes the integration API table the spec harness and {@code runbook check} read
 * ({@code dev.runbook.api.IntegrationApiTable}) from what {@link IntegrationApi} read of the code: per integration its
 * entry type; per type each call's positional arity, named options and return; per result its fields, record
 * components, methods and class. Sorted, so the checked-in file changes only where the API does.
 */
class IntegrationApiTableWriter {
    private final IntegrationApi api

    IntegrationApiTableWriter(IntegrationApi api) {
        this.api = api
    }

    String json() {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(table()) + '\n'
    }

    Map table() {
        Map integrations = [:]
        Map types = [:]
        api.apis.values().each { IntegrationApi.Api a ->
            if (!a.reachedAs.contains('.') && !a.reachedAs.contains('(')) integrations[a.reachedAs] = a.type.simpleName
            types[a.type.simpleName] = type(a)
        }
        Map results = [:]
        api.results.each { Class<?> r, List<String> members -> results[r.simpleName] = result(r, members) }
        [generatedBy: 'IntegrationApiTableSpec (stdlib-runbooks) from the integrations\' code; do not edit',
         integrations: integrations, types: types, results: results]
    }

    private Map type(IntegrationApi.Api a) {
        Map calls = [:]
        Map<String, List<Method>> byName = methods(a.type).groupBy { it.name }
        byName.each { String name, List<Method> overloads ->
            if (isGetter(overloads[0])) return
            String call = name == 'doCall' ? 'call' : name
            String documented = name == 'doCall' ? a.reachedAs : name
            boolean takesMap = overloads.any { it.parameterTypes.length > 0 && it.parameterTypes[0] == Map }
            List<Integer> counts = overloads.collect { m -> positional(m) }
            boolean varargs = overloads.any { it.varArgs }
            Map c = [minArgs: counts.min(), maxArgs: varargs ? -1 : counts.max(), returns: ref(overloads[0].genericReturnType)]
            c.options = takesMap ? (a.calls[documented] ?: []).sort() : null
            calls[call] = c
        }
        Map properties = [:]
        a.properties.each { p ->
            Method getter = methods(a.type).find { isGetter(it) && property(it) == p }
            properties[p] = getter == null ? '' : ref(getter.genericReturnType)
        }
        [reachedAs: a.reachedAs, calls: calls, properties: properties]
    }

    private static int positional(Method m) {
        int n = m.parameterCount
        if (n > 0 && m.parameterTypes[0] == Map) n--
        m.varArgs ? n - 1 : n
    }

    private Map result(Class<?> r, List<String> members) {
        Map fields = [:]
        List<String> methodNames = []
        members.each { String member ->
            if (member.endsWith('()')) {
                methodNames << member[0..-3]
                return
            }
            fields[member] = ref(fieldType(r, member))
        }
        [class     : r.name,
         fields    : fields,
         components: r.isRecord() ? r.recordComponents*.name : [],
         methods   : methodNames]
    }

    private static Type fieldType(Class<?> r, String member) {
        if (r.isRecord()) {
            def c = r.recordComponents.find { it.name == member }
            if (c != null) return c.genericType
        }
        Method getter = r.methods.find { it.parameterCount == 0 && (it.name == 'get' + member.capitalize() || it.name == 'is' + member.capitalize()) }
        if (getter != null) return getter.genericReturnType
        def field = r.fields.find { it.name == member }
        field?.genericType ?: Object
    }

    /** A type of the table by its simple name, {@code list X} for a list of one, '' for a plain value. */
    private String ref(Type t) {
        if (t instanceof Class) return known(t) ? t.simpleName : ''
        if (t instanceof ParameterizedType && t.rawType instanceof Class && Collection.isAssignableFrom((Class) t.rawType)) {
            Type arg = t.actualTypeArguments[0]
            return arg instanceof Class && known(arg) ? 'list ' + arg.simpleName : ''
        }
        ''
    }

    private boolean known(Class<?> c) {
        api.apis.containsKey(c) || api.results.containsKey(c)
    }

    private static List<Method> methods(Class<?> type) {
        type.methods.findAll { Method m ->
            m.declaringClass != Object && !Modifier.isStatic(m.modifiers) && !m.synthetic && !m.bridge &&
                    !IntegrationApi.OBJECT_METHODS.contains(m.name) && m.declaringClass.name.startsWith('dev.runbook.')
        }.sort { it.name }
    }

    private static boolean isGetter(Method m) {
        m.parameterCount == 0 && ((m.name ==~ /get[A-Z].*/ && m.returnType != void) || (m.name ==~ /is[A-Z].*/ && m.returnType == boolean))
    }

    private static String property(Method m) {
        String n = m.name.replaceFirst(/^(get|is)/, '')
        n.length() > 1 && Character.isUpperCase(n.charAt(1)) ? n : Character.toLowerCase(n.charAt(0)).toString() + n.substring(1)
    }
}
