package dev.runbook.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces every secret value with {@code ****} in text that leaves the engine: console lines, journal events,
 * error messages. Applied once, where events are emitted, so no sink can forget it.
 */
public final class Redactor {
    public static final String MASK = "****";
    private final List<String> values;

    public Redactor(Collection<String> secretValues) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : secretValues) {
            if (v == null || v.isEmpty()) continue;
            all.add(v);
            String encoded = URLEncoder.encode(v, StandardCharsets.UTF_8);
            if (!encoded.equals(v)) all.add(encoded);
        }
        // longest first, so a secret that contains another is masked whole
        this.values = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) return text;
        String out = text;
        for (String v : values) {
            if (out.contains(v)) out = out.replace(v, MASK);
        }
        return out;
    }

    /** Redacts strings inside maps and lists too (journal event fields). */
    public Object redactDeep(Object value) {
        if (values.isEmpty()) return value;
        if (value instanceof CharSequence cs) return redact(cs.toString());
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), redactDeep(v)));
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(v -> out.add(redactDeep(v)));
            return out;
        }
        return value;
    }
}
