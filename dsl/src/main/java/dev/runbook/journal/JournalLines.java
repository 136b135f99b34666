package dev.runbook.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A journal's lines, streamed: one line in memory at a time, and a line whose type is {@linkplain #JournalLines(InputStream, Predicate)
 * left out} is skipped after its first bytes without being held at all. Bytes are counted, so a reader knows where the
 * complete events end (a resumed run appends from there). Reads through its own buffer, not a char at a time.
 */
final class JournalLines implements AutoCloseable {
    /** {@code {"chain":"…","seq":N,"ts":"...","type":"...",} — the type is within the first bytes of every line {@link FileJournal} writes. */
    private static final int TYPE_WITHIN = 256;
    private static final byte[] TYPE_KEY = "\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final Predicate<String> leftOut;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;

    private byte[] line = new byte[256];
    private int length;
    private long offset;
    private boolean newline;
    private boolean skipped;
    private String type;
    /** Whether a line left out is still held (not parsed): the integrity chain is checked over every line's bytes. */
    private boolean holdSkipped;

    JournalLines(InputStream in) {
        this(in, type -> false);
    }

    /** {@code leftOut} is asked about each line's type (never null). */
    JournalLines(InputStream in, Predicate<String> leftOut) {
        this.in = in;
        this.leftOut = leftOut;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        length = 0;
        newline = false;
        skipped = false;
        type = null;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) return any;
            any = true;
            int start = pos;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            if (skipped && holdSkipped) {
                append(start, end - start);
            } else if (!skipped) {
                append(start, end - start);
                if (type == null && (length >= TYPE_WITHIN || nl >= 0)) {
                    type = findType();
                    if (type != null && leftOut.test(type)) {
                        skipped = true;
                        if (!holdSkipped) length = 0;
                    }
                }
            }
            offset += end - start;
            pos = end;
            if (nl >= 0) {
                pos++;
                offset++;
                newline = true;
                return true;
            }
        }
    }

    /** The line's text (empty for a skipped line). */
    String text() {
        return skipped ? "" : new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Holds the bytes of lines left out too, from the next line on (they are still not parsed). */
    void holdSkipped(boolean hold) {
        holdSkipped = hold;
    }

    /** The line's bytes (valid up to {@link #length()} until the next line): a skipped one's only while they are held. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line's event type as its first bytes say (null when they do not): cheap, without parsing the line. */
    String type() {
        return type;
    }

    /** Whether the line was left out (its type is one the reader does not want). */
    boolean skipped() {
        return skipped;
    }

    boolean isBlank() {
        if (skipped) return false;
        for (int i = 0; i < length; i++) if (!Character.isWhitespace(line[i])) return false;
        return true;
    }

    /** Whether the line ended with a newline (the last line of a journal cut mid-write does not). */
    boolean endedWithNewline() {
        return newline;
    }

    /** Whether nothing follows this line. */
    boolean atEnd() throws IOException {
        return pos == limit && !fill();
    }

    /** Bytes read up to the end of this line, its newline included. */
    long offset() {
        return offset;
    }

    private boolean fill() throws IOException {
        if (eof) return false;
        int n = in.read(buf);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(int from, int n) {
        if (length + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    private String findType() {
        int max = Math.min(length, TYPE_WITHIN) - TYPE_KEY.length;
        outer:
        for (int i = 0; i <= max; i++) {
            for (int j = 0; j < TYPE_KEY.length; j++) if (line[i + j] != TYPE_KEY[j]) continue outer;
            int from = i + TYPE_KEY.length;
            for (int k = from; k < length; k++) {
                if (line[k] == '"') return new String(line, from, k - from, StandardCharsets.UTF_8);
                if (line[k] == '\\') return null;
            }
            return null;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
