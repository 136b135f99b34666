package dev.runbook.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.diag.Suggestions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public API of the integrations a runbook calls ({@code docker}, {@code k8s}, {@code pg} ...), as the jar that
 * holds them publishes it in {@value #RESOURCE}: each integration's entry type, every call of every type with its
 * positional arity, named options and what it returns, and every result's fields. The dsl module cannot see the
 * integrations' classes; this table is the seam through which the spec harness types its fakes and {@code runbook
 * check} types the calls it can see, so a misspelt call or option fails there as it would on the real integration.
 * stdlib-runbooks writes its table from its code ({@code IntegrationApiTableSpec} fails when the two differ); a plugin
 * jar may publish its own. With no table on the class path, the table is empty and nothing is checked.
 */
public final class IntegrationApiTable {
    public static final String RESOURCE = "META-INF/runbook/integration-api.json";

    /**
     * What a call returns or a field holds: a type of the table ({@code type}), a list of it ({@code list}), or a
     * plain value ({@code type} null: a string, a number, rows as maps ...).
     */
    public record Ref(String type, boolean list) {
        static Ref parse(String text) {
            if (text == null || text.isBlank()) return new Ref(null, false);
            return text.startsWith("list ") ? new Ref(text.substring(5), true) : new Ref(text, false);
        }

        public Ref element() {
            return new Ref(type, false);
        }
    }

    /**
     * One call: how many positional arguments it takes ({@code maxArgs} -1: any number from {@code minArgs}), its
     * named options (null: it takes none) and what it returns.
     */
    public record Call(String name, int minArgs, int maxArgs, List<String> options, Ref returns) {
        public boolean takesOptions() {
            return options != null;
        }

        public boolean takes(int positional) {
            return positional >= minArgs && (maxArgs < 0 || positional <= maxArgs);
        }

        public String arity() {
            if (maxArgs < 0) return minArgs + " or more arguments";
            if (minArgs == maxArgs) return minArgs == 1 ? "1 argument" : minArgs + " arguments";
            return minArgs + " to " + maxArgs + " arguments";
        }
    }

    /** A type a runbook calls: an integration or a handle ({@code docker.container(name)}), with how it is reached. */
    public record ApiType(String name, String reachedAs, Map<String, Call> calls, Map<String, Ref> properties) {
        public Optional<Call> call(String name) {
            return Optional.ofNullable(calls.get(name));
        }

        /** "did you mean 'x'?" among its calls and properties, or the list of them. */
        public String suggest(String typed) {
            List<String> known = new ArrayList<>(calls.keySet());
            known.addAll(properties.keySet());
            known.remove("call");
            return Suggestions.didYouMean(typed, known, "its calls are " + String.join(", ", known));
        }
    }

    /**
     * A result: its fields (record components and getters) with what they hold, the record components among them,
     * its methods (as {@code contains}), and its class, to compute derived fields and methods from a real instance.
     */
    public record Result(String name, String className, Map<String, Ref> fields, List<String> components, List<String> methods) {
        public boolean has(String member) {
            return fields.containsKey(member) || methods.contains(member);
        }

        public String suggest(String typed) {
            List<String> known = new ArrayList<>(fields.keySet());
            known.addAll(methods);
            return Suggestions.didYouMean(typed, known, "its fields are " + String.join(", ", fields.keySet()));
        }
    }

    private static final IntegrationApiTable EMPTY = new IntegrationApiTable(Map.of(), Map.of(), Map.of());

    private final Map<String, String> integrations;
    private final Map<String, ApiType> types;
    private final Map<String, Result> results;

    private IntegrationApiTable(Map<String, String> integrations, Map<String, ApiType> types, Map<String, Result> results) {
        this.integrations = integrations;
        this.types = types;
        this.results = results;
    }

    public static IntegrationApiTable empty() {
        return EMPTY;
    }

    private static final Map<ClassLoader, IntegrationApiTable> BY_LOADER = Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** {@link #load}, once per class loader (the compiler asks for each file it compiles). */
    public static IntegrationApiTable forLoader(ClassLoader loader) {
        return BY_LOADER.computeIfAbsent(loader, IntegrationApiTable::load);
    }

    /** Every table on the class path, merged (a plugin's integrations beside the standard ones). */
    public static IntegrationApiTable load(ClassLoader loader) {
        Map<String, String> integrations = new LinkedHashMap<>();
        Map<String, ApiType> types = new LinkedHashMap<>();
        Map<String, Result> results = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(RESOURCE);
            ObjectMapper mapper = new ObjectMapper();
            for (URL url : Collections.list(urls)) {
                try (InputStream in = url.openStream()) {
                    read(mapper.readTree(in), integrations, types, results);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return integrations.isEmpty() ? EMPTY : new IntegrationApiTable(Map.copyOf(integrations), Map.copyOf(types), Map.copyOf(results));
    }

    /** Reads one table's JSON (the form {@code IntegrationApiTableSpec} writes). */
    public static IntegrationApiTable parse(String json) {
        Map<String, String> integrations = new LinkedHashMap<>();
        Map<String, ApiType> types = new LinkedHashMap<>();
        Map<String, Result> results = new LinkedHashMap<>();
        try {
            read(new ObjectMapper().readTree(json), integrations, types, results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IntegrationApiTable(integrations, types, results);
    }

    private static void read(JsonNode root, Map<String, String> integrations, Map<String, ApiType> types, Map<String, Result> results) {
        root.path("integrations").properties().forEach(e -> integrations.put(e.getKey(), e.getValue().asText()));
        root.path("types").properties().forEach(e -> {
            JsonNode t = e.getValue();
            Map<String, Call> calls = new LinkedHashMap<>();
            t.path("calls").properties().forEach(c -> {
                JsonNode n = c.getValue();
                List<String> options = n.has("options") && !n.get("options").isNull() ? strings(n.get("options")) : null;
                calls.put(c.getKey(), new Call(c.getKey(), n.path("minArgs").asInt(0), n.path("maxArgs").asInt(-1), options,
                        Ref.parse(n.path("returns").asText(""))));
            });
            Map<String, Ref> properties = new LinkedHashMap<>();
            t.path("properties").properties().forEach(p -> properties.put(p.getKey(), Ref.parse(p.getValue().asText(""))));
            types.put(e.getKey(), new ApiType(e.getKey(), t.path("reachedAs").asText(e.getKey()), Map.copyOf(calls), Map.copyOf(properties)));
        });
        root.path("results").properties().forEach(e -> {
            JsonNode r = e.getValue();
            Map<String, Ref> fields = new LinkedHashMap<>();
            r.path("fields").properties().forEach(f -> fields.put(f.getKey(), Ref.parse(f.getValue().asText(""))));
            results.put(e.getKey(), new Result(e.getKey(), r.path("class").asText(null), Collections.unmodifiableMap(fields),
                    strings(r.path("components")), strings(r.path("methods"))));
        });
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) out.add(it.next().asText());
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return integrations.isEmpty();
    }

    /** The names runbooks reach integrations by ({@code docker}, {@code k8s} ...). */
    public java.util.Set<String> integrationNames() {
        return integrations.keySet();
    }

    /** The entry type of an integration, by the name runbooks reach it by. */
    public Optional<ApiType> root(String integration) {
        return Optional.ofNullable(integrations.get(integration)).map(types::get);
    }

    public Optional<ApiType> type(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(types.get(name));
    }

    public Optional<Result> result(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(results.get(name));
    }
}
