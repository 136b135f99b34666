package dev.runbook.integrations.support;

import dev.runbook.engine.StepFailure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/** The moment a runbook names ({@code before: incidentStart}): an Instant, a date-time, a Date or ISO-8601 text. */
public final class Instants {
    private Instants() {}

    public static Instant of(String call, String key, Object value) {
        if (value instanceof Instant i) return i;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        if (value instanceof ZonedDateTime z) return z.toInstant();
        if (value instanceof Date d) return d.toInstant();
        if (value instanceof LocalDate d) return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (value instanceof CharSequence text) {
            String t = text.toString().strip();
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException ignored) {
                // not an instant with Z: try an offset, then a bare date
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException ignored) {
                // try a date
            }
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException ignored) {
                // fall through to the error
            }
        }
        String shown = value instanceof TemporalAccessor ? value + " (no time zone)" : "'" + value + "'";
        throw new StepFailure(call + ": " + key + ": must be a moment such as '2024-01-15T03:00:00Z' or an Instant, not "
                + shown, StepFailure.Kind.ERROR);
    }
}
