package dev.runbook.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lock "db:${params.db}"}: a target only one run may act on at a time. The key is kept as a template whose
 * {@code ${params.NAME}} parts are filled in at run start, when the params are known.
 *
 * @param template the key as written, with {@code ${params.NAME}} where a param goes
 * @param params   the names of the params the key uses, in order
 */
public record LockKey(String template, List<String> params, SourcePos pos) {
    private static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z_][A-Za-z0-9_]*)}");

    public LockKey {
        params = List.copyOf(params);
    }

    /** The names of the params {@code template} uses, in order. */
    public static List<String> paramsIn(String template) {
        Matcher m = PARAM.matcher(template);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) if (!names.contains(m.group(1))) names.add(m.group(1));
        return names;
    }

    /** The key of this run: each {@code ${params.NAME}} replaced by the param's value (empty when it has none). */
    public String resolve(Map<String, String> values) {
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
