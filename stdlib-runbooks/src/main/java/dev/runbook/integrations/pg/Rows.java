package dev.runbook.integrations.pg;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds arguments and reads rows as maps of column name to value, with java.time types for dates and times. */
final class Rows {
    private Rows() {}

    static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof SqlTemplate.Untyped u) {
                ps.setObject(i + 1, u.text(), java.sql.Types.OTHER);
                continue;
            }
            if (a instanceof CharSequence cs) a = cs.toString(); // a Groovy GString
            else if (a instanceof Instant t) a = t.atOffset(ZoneOffset.UTC);
            ps.setObject(i + 1, a);
        }
    }

    static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), value(rs, i, md.getColumnTypeName(i)));
            rows.add(row);
        }
        return rows;
    }

    private static Object value(ResultSet rs, int i, String type) throws SQLException {
        Object v = switch (type) {
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
            case "date" -> rs.getObject(i, LocalDate.class);
            default -> rs.getObject(i);
        };
        if (v instanceof Array a) return Arrays.asList((Object[]) a.getArray());
        if (v instanceof org.postgresql.util.PGobject o) return o.getValue(); // json, interval, enum ...: as text
        return v;
    }
}
