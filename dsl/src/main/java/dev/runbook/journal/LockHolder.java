package dev.runbook.journal;

import java.time.Instant;

/** Who holds (or wants) a lock: the run, its operator, where it runs and since when. */
public record LockHolder(String runId, String operator, String host, long pid, Instant since) {
    /** "run 20261126-…-ab12 (alice on web-1, since 2026-11-26T12:00:00Z)" */
    public String describe() {
        return "run " + runId + " (" + operator + " on " + host + ", since " + since + ")";
    }
}
