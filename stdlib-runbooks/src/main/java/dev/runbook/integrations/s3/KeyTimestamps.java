package dev.runbook.integrations.s3;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time a backup was taken from its file name, as backup scripts write it:
 * {@code backups/2024/01/15/shop_20240115T031500Z.sql.gz}, {@code shop_20240115-031500.sql.gz},
 * {@code shop_2024-01-15T03-15-00Z.dump}, {@code shop_2024-01-15_03:15:00.sql} or Unix seconds {@code shop_1705288500.gz}.
 * Times without a zone are UTC, as backup jobs on servers write them.
 */
final class KeyTimestamps {
    private static final Pattern COMPACT = Pattern.compile("(?<!\\d)(\\d{4})(\\d{2})(\\d{2})[T_-]?(\\d{2})(\\d{2})(\\d{2})Z?(?!\\d)");
    private static final Pattern DASHED = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})[T_ ](\\d{2})[:-](\\d{2})[:-](\\d{2})Z?(?!\\d)");
    private static final Pattern EPOCH = Pattern.compile("(?<![\\d.])(1\\d{9})(?![\\d])");

    private KeyTimestamps() {}

    /** The time in the key's file name, when it has one. */
    static Optional<Instant> of(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        for (Pattern p : new Pattern[] {COMPACT, DASHED}) {
            Matcher m = p.matcher(name);
            if (m.find()) {
                try {
                    return Optional.of(LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6))
                            .toInstant(ZoneOffset.UTC));
                } catch (java.time.DateTimeException e) {
                    // digits that only look like a time (a build number): try the next form
                }
            }
        }
        Matcher m = EPOCH.matcher(name);
        if (m.find()) return Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1))));
        return Optional.empty();
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
