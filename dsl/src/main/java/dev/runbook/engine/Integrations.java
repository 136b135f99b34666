package dev.runbook.engine;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The integrations on the class path, by name; each is created only when a step first uses it. */
public final class Integrations {
    private final Map<String, IntegrationProvider> providers = new TreeMap<>();

    public static Integrations discover(ClassLoader loader) {
        Integrations i = new Integrations();
        ServiceLoader.load(IntegrationProvider.class, loader).forEach(i::register);
        return i;
    }

    public Integrations register(IntegrationProvider provider) {
        providers.put(provider.name(), provider);
        return this;
    }

    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** Null when no integration has that name. */
    Object create(String name, IntegrationContext context) {
        IntegrationProvider p = providers.get(name);
        return p == null ? null : p.create(context);
    }
}
