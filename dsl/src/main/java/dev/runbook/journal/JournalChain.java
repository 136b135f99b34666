package dev.runbook.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The journal's integrity chain. Every event line begins with {@code {"chain":"<64 hex>",} and the rest of the line
 * is the event; the chain value is SHA-256 over the previous event's chain value (64 hex characters; empty for the
 * first event) followed by the rest of this line's bytes. So each event carries the hash of the one before, and
 * changing, removing, inserting or reordering a line breaks the chain at that line; a forger must rewrite every
 * later line too. Putting the value first lets a reader check a line while streaming it, without holding it.
 *
 * <p>What it does not show: the end of a journal cut after a complete event looks like a run that stopped there, and
 * whoever can rewrite the whole file can recompute the chain. Signed approvals, and a PostgreSQL journal whose
 * writer role cannot UPDATE or DELETE, are what stand against that.
 */
public final class JournalChain {
    static final String FIELD = "chain";
    /** {@code {"chain":"} */
    static final byte[] PREFIX = ("{\"" + FIELD + "\":\"").getBytes(StandardCharsets.US_ASCII);
    static final int HEX = 64;
    /** The bytes before the event's own JSON: the prefix, 64 hex, {@code ",}. */
    static final int HEAD = PREFIX.length + HEX + 2;
    private static final HexFormat HEX_FORMAT = HexFormat.of();

    private JournalChain() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Writes a chained line (no newline) for an event whose JSON is {@code json} ({@code {"seq":…}}); returns it, and
     * its chain value through {@code chainOut[0]}.
     */
    public static String chained(String previous, String json, String[] chainOut) {
        if (json.length() < 2 || json.charAt(0) != '{') throw new IllegalArgumentException("not a JSON object: " + json);
        String rest = json.substring(1);
        MessageDigest d = sha256();
        if (previous != null) d.update(previous.getBytes(StandardCharsets.US_ASCII));
        d.update(rest.getBytes(StandardCharsets.UTF_8));
        String chain = HEX_FORMAT.formatHex(d.digest());
        chainOut[0] = chain;
        return "{\"" + FIELD + "\":\"" + chain + "\"," + rest;
    }

    /** The chain value a stored line carries, or null when it carries none (written before 0.2.0, or stripped). */
    public static String carried(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return carried(b, b.length);
    }

    static String carried(byte[] line, int length) {
        if (length < HEAD) return null;
        for (int i = 0; i < PREFIX.length; i++) if (line[i] != PREFIX[i]) return null;
        if (line[PREFIX.length + HEX] != '"' || line[PREFIX.length + HEX + 1] != ',') return null;
        for (int i = PREFIX.length; i < PREFIX.length + HEX; i++) {
            byte c = line[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
        }
        return new String(line, PREFIX.length, HEX, StandardCharsets.US_ASCII);
    }

    /**
     * What a reader concluded about a journal's chain.
     *
     * @param status       VERIFIED, NO_CHAIN (written before 0.2.0) or ALTERED
     * @param alteredAt    the seq of the first event that does not fit (0 unless ALTERED)
     * @param why          what does not fit, for people
     */
    public record Integrity(Status status, long alteredAt, String why) {
        public enum Status { VERIFIED, NO_CHAIN, ALTERED }

        public static final Integrity VERIFIED_EMPTY = new Integrity(Status.VERIFIED, 0, null);

        public boolean altered() {
            return status == Status.ALTERED;
        }

        /** One line for the console: what {@code show}, {@code report} and {@code resume} print first. */
        public String message() {
            return switch (status) {
                case VERIFIED -> "integrity chain verified";
                case NO_CHAIN -> "no integrity chain (written before 0.2.0): the journal cannot show whether it was edited";
                case ALTERED -> "journal altered at event " + alteredAt + " (" + why + "): what it says from there on is unverified";
            };
        }
    }

    /**
     * Checks lines in journal order, one at a time. The first line decides whether the journal is chained; once a line
     * does not fit, the verdict stays ALTERED at that line.
     */
    public static final class Verifier {
        private final MessageDigest digest = sha256();
        private String previous;
        private boolean first = true;
        private boolean chained;
        private Integrity verdict;
        private long lastSeq;

        /** Checks one whole line (no newline) whose event has {@code seq} (or the line number when it has none). */
        public void line(String text, long seq) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            line(b, b.length, seq);
        }

        void line(byte[] line, int length, long seq) {
            if (verdict != null && verdict.altered()) return;
            String carried = carried(line, length);
            if (first) {
                first = false;
                chained = carried != null;
                if (!chained) verdict = new Integrity(Integrity.Status.NO_CHAIN, 0, null);
            }
            if (!chained) {
                if (carried != null) altered(seq, "a chained event in a journal that has no chain — a line was inserted");
                return;
            }
            if (carried == null) {
                altered(seq, "the event carries no chain value — it was edited or inserted");
                return;
            }
            digest.reset();
            if (previous != null) digest.update(previous.getBytes(StandardCharsets.US_ASCII));
            digest.update(line, HEAD, length - HEAD);
            String computed = HEX_FORMAT.formatHex(digest.digest());
            if (!computed.equals(carried)) {
                altered(seq, lastSeq > 0 && seq > lastSeq + 1 ? "events " + (lastSeq + 1) + "–" + (seq - 1) + " before it are missing"
                        : previous == null && seq > 1 ? "the events before it are missing"
                        : "its content, or its place in the journal, is not what was written");
                return;
            }
            previous = carried;
            lastSeq = seq;
        }

        /** A line that is not an event at all ({@code where}: "line 7"), in the middle of a chained journal. */
        public void unreadable(String where) {
            if (verdict == null || !verdict.altered()) altered(lastSeq + 1, where + " is not a journal event");
        }

        /** A line that claims a seq at or before the last one that fit stands where event lastSeq + 1 should be. */
        private void altered(long seq, String why) {
            verdict = new Integrity(Integrity.Status.ALTERED, seq <= lastSeq ? lastSeq + 1 : seq, why);
        }

        /** The chain value of the last line that fit: a resumed run chains its next event to it. */
        public String last() {
            return previous;
        }

        public boolean chained() {
            return chained;
        }

        public Integrity verdict() {
            return verdict != null ? verdict : Integrity.VERIFIED_EMPTY;
        }
    }
}
