package dev.runbook.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing that happened in a run, as journaled: a JSON object per line with {@code seq}, {@code ts},
 * {@code type} and the type's own fields. Types are listed in {@link EventTypes}.
 */
public record Event(long seq, Instant at, String type, Map<String, Object> data) {
    public Event {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public Object get(String key) {
        return data.get(key);
    }

    public String str(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    public long num(String key) {
        Object v = data.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
