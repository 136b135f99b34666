package dev.runbook.integrations.pg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plain SQL file says about itself. pg_dump starts one with {@code -- PostgreSQL database dump}, heads each
 * object with {@code -- Name: orders; Type: TABLE; Schema: public; Owner: app} and ends it with
 * {@code -- PostgreSQL database dump complete}: a file with the first line and not the last was cut short.
 */
final class PlainDump {
    static final String HEADER = "-- PostgreSQL database dump";
    static final String TRAILER = "-- PostgreSQL database dump complete";
    private static final Pattern OBJECT = Pattern.compile("^-- Name: (.+); Type: ([A-Z ]+); Schema: ([^;]+); Owner: .*$");
    /**
     * The kinds {@code clean:} drops, in an order where no kind depends on a later one (views on tables, tables on
     * types). One DROP per kind, listing all of them, so dependencies among the listed objects do not matter.
     */
    private static final List<String> DROP_ORDER = List.of("MATERIALIZED VIEW", "VIEW", "TABLE", "SEQUENCE", "FUNCTION",
            "PROCEDURE", "TYPE", "DOMAIN", "SCHEMA");

    /** @param objects kind → qualified names, e.g. TABLE → [public.orders] */
    record Scan(boolean fromPgDump, boolean complete, long bytes, Map<String, Set<String>> objects) {
        int objectCount() {
            return objects.values().stream().mapToInt(Set::size).sum();
        }
    }

    private PlainDump() {}

    /** Reads the whole stream; an unreadable one (a truncated gzip, a corrupt block) throws. */
    static Scan scan(InputStream in) throws IOException {
        Map<String, Set<String>> objects = new LinkedHashMap<>();
        LineReader lines = new LineReader(in);
        boolean header = false;
        String last = null;
        String line;
        int n = 0;
        while ((line = lines.next()) != null) {
            if (n++ < 5 && line.equals(HEADER)) header = true;
            if (line.startsWith("-- Name: ")) {
                Matcher m = OBJECT.matcher(line);
                if (m.matches() && DROP_ORDER.contains(m.group(2))) {
                    String name = m.group(2).equals("SCHEMA") ? PgDatabase.quoteIdent(m.group(1))
                            : schema(m.group(3)) + nameOf(m.group(2), m.group(1));
                    objects.computeIfAbsent(m.group(2), k -> new LinkedHashSet<>()).add(name);
                }
            }
            if (meaningful(line)) last = line;
        }
        return new Scan(header, !header || TRAILER.equals(last), lines.bytes, objects);
    }

    /**
     * The statements {@code clean:} runs first: drops of exactly the objects the dump creates, without CASCADE, so
     * an object the backup does not contain is never dropped (one that depends on them makes the restore fail instead).
     */
    static String cleanStatements(Scan scan) {
        StringBuilder sql = new StringBuilder();
        for (String kind : DROP_ORDER) {
            Set<String> names = new LinkedHashSet<>(scan.objects().getOrDefault(kind, Set.of()));
            if (kind.equals("SCHEMA")) names.remove("public");
            if (names.isEmpty()) continue;
            sql.append("DROP ").append(kind).append(" IF EXISTS ").append(String.join(", ", names)).append(";\n");
        }
        return sql.toString();
    }

    /**
     * The body wrapped in a transaction whose COMMIT is sent only after the body was read to its end and, for a
     * pg_dump file, ended with the trailer; otherwise reading fails, the caller kills psql, and the open
     * transaction dies with its connection.
     */
    static InputStream inTransaction(String before, InputStream body) {
        TrailerCheck checked = new TrailerCheck(body);
        InputStream head = new ByteArrayInputStream(("BEGIN;\n" + before).getBytes(StandardCharsets.UTF_8));
        InputStream commit = new InputStream() {
            private InputStream tail;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (tail == null) {
                    checked.verify();
                    tail = new ByteArrayInputStream("\nCOMMIT;\n".getBytes(StandardCharsets.UTF_8));
                }
                return tail.read(b, off, len);
            }
        };
        return new SequenceInputStream(head, new SequenceInputStream(checked, commit));
    }

    /** After the trailer pg_dump writes a "--" line, blank lines and (since 15.14) psql's {@code \\unrestrict <key>}. */
    private static boolean meaningful(String line) {
        return !line.isBlank() && !line.equals("--") && !line.startsWith("\\unrestrict ");
    }

    private static String schema(String s) {
        return s.equals("-") ? "" : PgDatabase.quoteIdent(s) + ".";
    }

    /** A function's tag is its signature, {@code f(integer, text)}: quote the name, keep the argument types. */
    private static String nameOf(String kind, String tag) {
        if (kind.equals("FUNCTION") || kind.equals("PROCEDURE")) {
            int paren = tag.indexOf('(');
            return paren < 0 ? PgDatabase.quoteIdent(tag) : PgDatabase.quoteIdent(tag.substring(0, paren)) + tag.substring(paren);
        }
        return PgDatabase.quoteIdent(tag);
    }

    /** Passes bytes through, remembering the first line and the last non-blank one. */
    private static final class TrailerCheck extends InputStream {
        private final InputStream in;
        private final StringBuilder first = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private boolean firstDone;
        private String lastNonBlank = "";
        private boolean header;
        private int lineNo;

        TrailerCheck(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = off; i < off + Math.max(n, 0); i++) {
                char c = (char) (b[i] & 0xff);
                if (c == '\n') endLine();
                else if (line.length() < 200) line.append(c);
            }
            return n;
        }

        private void endLine() {
            String l = line.toString().stripTrailing();
            if (lineNo++ < 5 && l.equals(HEADER)) header = true;
            if (meaningful(l)) lastNonBlank = l;
            line.setLength(0);
        }

        void verify() throws IOException {
            if (!line.isEmpty()) endLine();
            if (header && !TRAILER.equals(lastNonBlank)) {
                throw new IOException("the dump ends without pg_dump's '" + TRAILER + "' line: the file was cut short");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Lines of a byte stream (pg_dump writes UTF-8; only ASCII markers are looked for), counting bytes. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int len;
        long bytes;

        LineReader(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            java.io.ByteArrayOutputStream sb = null;
            while (true) {
                if (pos == len) {
                    // reading a large backup must not outlast Ctrl-C or the step's timeout
                    if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("interrupted while reading the backup");
                    len = in.read(buffer);
                    pos = 0;
                    if (len < 0) {
                        len = 0;
                        return sb == null ? null : sb.toString(StandardCharsets.UTF_8);
                    }
                    bytes += len;
                }
                if (sb == null) sb = new java.io.ByteArrayOutputStream();
                while (pos < len) {
                    byte c = buffer[pos++];
                    if (c == '\n') return sb.toString(StandardCharsets.UTF_8).stripTrailing();
                    if (sb.size() < 1000) sb.write(c);
                }
            }
        }
    }

}
