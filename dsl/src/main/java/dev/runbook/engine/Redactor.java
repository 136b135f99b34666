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
            all.addAll(forms(v));
            // a multi-line secret (a PEM key) leaves a command's output one line at a time: each line is a secret too
            if (v.indexOf('\n') >= 0) {
                for (String line : v.split("\r?\n")) {
                    String l = line.strip();
                    if (l.length() >= MIN_LENGTH) all.addAll(forms(l));
                }
            }
        }
        // longest first, so a secret that contains another is masked whole
        this.values = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Shorter values are too likely to stand in ordinary text: only declared secrets are masked whatever their length. */
    static final int MIN_LENGTH = 4;

    /**
     * The secret and the forms it commonly leaves in: URL-encoded, base64 (standard and URL-safe, with and without
     * padding), upper and lower case. Whoever reads any of them has the secret (GitHub Actions masks the same way).
     */
    private static Set<String> forms(String v) {
        Set<String> f = new LinkedHashSet<>();
        f.add(v);
        f.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        String b64 = java.util.Base64.getEncoder().encodeToString(bytes);
        f.add(b64);
        f.add(stripPadding(b64));
        String b64url = java.util.Base64.getUrlEncoder().encodeToString(bytes);
        f.add(b64url);
        f.add(stripPadding(b64url));
        f.add(v.toUpperCase(java.util.Locale.ROOT));
        f.add(v.toLowerCase(java.util.Locale.ROOT));
        f.removeIf(String::isEmpty);
        return f;
    }

    private static String stripPadding(String b64) {
        int end = b64.length();
        while (end > 0 && b64.charAt(end - 1) == '=') end--;
        return b64.substring(0, end);
    }

    /**
     * Credentials the environment carries whether or not the runbook declared them: {@code PGPASSWORD},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, and any variable whose name ends in {@code _TOKEN},
     * {@code _PASSWORD}, {@code _SECRET} or {@code _API_KEY} (values shorter than four characters are left alone).
     */
    public static List<String> environmentCredentials(Map<String, String> environment) {
        List<String> found = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (value == null || value.length() < MIN_LENGTH) return;
            String n = name.toUpperCase(java.util.Locale.ROOT);
            if (CREDENTIAL_NAMES.contains(n) || CREDENTIAL_SUFFIXES.stream().anyMatch(n::endsWith)) found.add(value);
        });
        return found;
    }

    private static final Set<String> CREDENTIAL_NAMES = Set.of("PGPASSWORD", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    private static final List<String> CREDENTIAL_SUFFIXES = List.of("_TOKEN", "_PASSWORD", "_SECRET", "_API_KEY");

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
