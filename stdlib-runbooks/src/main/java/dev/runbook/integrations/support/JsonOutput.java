package dev.runbook.integrations.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the JSON a CLI printed, and the timestamps in it. */
public final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {}

    /** Parses the output; CLIs sometimes print a notice before the JSON, so reading starts at the first [ or {. */
    public static JsonNode parse(String cli, String output) throws Exception {
        int start = firstOf(output, '[', '{');
        if (start < 0) throw new Exception(cli + " printed no JSON: " + abbreviate(output));
        try {
            return MAPPER.readTree(output.substring(start));
        } catch (Exception e) {
            throw new Exception(cli + " printed JSON that cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "): "
                    + abbreviate(output));
        }
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** An RFC 3339 timestamp, or null when absent or unreadable. */
    public static Instant instant(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a), j = s.indexOf(b);
        if (i < 0) return j;
        if (j < 0) return i;
        return Math.min(i, j);
    }

    private static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
