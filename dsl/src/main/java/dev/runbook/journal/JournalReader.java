package dev.runbook.journal;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a run's journal back into events, for {@code show}, reports, resume and tests. */
public final class JournalReader {
    private JournalReader() {}

    /**
     * What a journal holds.
     *
     * @param tornLine   null, or why the last line was ignored: it was half-written when the process died
     * @param validBytes the length of the file's complete events; a resumed run appends from here
     * @param integrity  what the journal's integrity chain says ({@link JournalChain})
     * @param chainHead  the chain value of the last event, to which a resumed run chains its next one; null when the
     *                   journal has no chain
     */
    public record Contents(Path file, List<Event> events, String tornLine, long validBytes, JournalChain.Integrity integrity,
                           String chainHead) {
        public Contents {
            events = List.copyOf(events);
            if (integrity == null) integrity = JournalChain.Integrity.VERIFIED_EMPTY;
        }

        /** Contents whose chain was not looked at (tests, and stores that verify elsewhere). */
        public Contents(Path file, List<Event> events, String tornLine, long validBytes) {
            this(file, events, tornLine, validBytes, null, null);
        }

        public Contents withEvents(List<Event> kept) {
            return new Contents(file, kept, tornLine, validBytes, integrity, chainHead);
        }
    }

    /** Reads {@code dir/journal.jsonl}, or the file itself when given one; a torn last line is left out. */
    public static List<Event> read(Path dirOrFile) {
        return readContents(dirOrFile).events();
    }

    /**
     * Reads the journal and says what it had to leave out. Only the last line may be unreadable (a run that is
     * still going, or one that died mid-write); anything else wrong is corruption: {@link JournalException} names
     * the line and what is wrong with it.
     */
    public static Contents readContents(Path dirOrFile) {
        return readContents(dirOrFile, Set.of());
    }

    /**
     * As {@link #readContents(Path)}, leaving out events of the given types without parsing them: {@code show} and
     * {@code report} do not print command output, and a journal written before output was capped may hold hundreds
     * of MB of it. The file is streamed a line at a time; only the events kept are held in memory.
     */
    public static Contents readContents(Path dirOrFile, Set<String> leftOut) {
        Path file = journalFile(dirOrFile);
        List<Event> events = new ArrayList<>();
        String torn = null;
        long valid = 0;
        long lastSeq = 0;
        int lineNo = 0;
        JournalChain.Verifier chain = new JournalChain.Verifier();
        try (JournalLines lines = new JournalLines(Files.newInputStream(file), leftOut::contains)) {
            while (lines.next()) {
                lineNo++;
                boolean last = !lines.endedWithNewline() || lines.atEnd();
                long next = lines.offset();
                if (lines.isBlank()) {
                    if (lines.endedWithNewline()) valid = next;
                    continue;
                }
                if (lines.skipped()) {
                    // a line cut by a crash is no edit: only whole lines are held to the chain
                    if (lines.endedWithNewline() || !last) chain.line(lines.bytes(), lines.length(), seqOf(lines, lastSeq + 1));
                    valid = next;
                    continue;
                }
                Event event;
                try {
                    event = parse(lines.text());
                } catch (IllegalArgumentException e) {
                    if (last) {
                        torn = "the last line (" + lineNo + ") of " + file + " is incomplete — the run stopped while writing it; "
                                + "it was ignored";
                        break;
                    }
                    if (chain.chained()) {
                        chain.unreadable("line " + lineNo);
                        continue;
                    }
                    throw new JournalException("line " + lineNo + " of " + file + " is not a journal event (" + e.getMessage()
                            + ") — the journal was damaged or edited; it cannot be replayed", null);
                }
                chain.line(lines.bytes(), lines.length(), event.seq());
                // the chain is known after the first line: from then on lines left out are held to be hashed
                if (lineNo == 1) lines.holdSkipped(chain.chained());
                if (event.seq() <= lastSeq) {
                    // an altered chained journal is still shown, marked unverified; the line out of place is left out
                    if (chain.verdict().altered()) continue;
                    throw new JournalException("line " + lineNo + " of " + file + " has seq " + event.seq() + " after seq " + lastSeq
                            + " — events are out of order (was the journal edited, or written by two runs?); it cannot be replayed", null);
                }
                lastSeq = event.seq();
                events.add(event);
                // a complete event whose newline never reached the disk still counts; the resumed run adds the newline
                valid = next;
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        return new Contents(file, events, torn, valid, chain.verdict(), chain.last());
    }

    /**
     * The ends of a journal, for {@code runs}: its first event, the last complete events in its last
     * {@link #TAIL_BYTES}, and — for a run that has not finished — its latest start or resume (whose pid says whether
     * it is still alive), without reading the middle of the file: a listing of 1,000 runs reads a few KB of each.
     * The events are in journal order; empty when the journal is empty.
     */
    public static List<Event> readEnds(Path dirOrFile) {
        Path file = journalFile(dirOrFile);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= TAIL_BYTES) return readContents(file, Set.of(OUTPUT)).events();
            Event first;
            // not closed: that would close the channel, which the try above closes
            JournalLines head = new JournalLines(Channels.newInputStream(ch.position(0)), OUTPUT::equals);
            if (!head.next()) return List.of();
            first = parse(head.text());
            List<Event> tail = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocate(TAIL_BYTES);
            ch.read(buf, size - TAIL_BYTES);
            String window = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            // the first line of the window is cut by it; the last may be torn
            for (String line : window.substring(window.indexOf('\n') + 1).split("\n")) {
                if (line.isBlank()) continue;
                try {
                    tail.add(parse(line));
                } catch (IllegalArgumentException e) {
                    // a torn last line: the events before it stand
                }
            }
            List<Event> ends = new ArrayList<>();
            ends.add(first);
            boolean finished = !tail.isEmpty() && tail.getLast().type().equals(EventTypes.RUN_FINISHED);
            boolean writerInTail = tail.stream().anyMatch(e -> e.type().equals(RUN_RESUMED));
            if (!finished && !writerInTail) {
                // a resume in the middle says which process writes the run now: only those lines are parsed
                Event resumed = null;
                JournalLines lines = new JournalLines(Channels.newInputStream(ch.position(0)), type -> !type.equals(RUN_RESUMED));
                while (lines.next()) {
                    if (RUN_RESUMED.equals(lines.type()) && !lines.skipped()) {
                        try {
                            resumed = parse(lines.text());
                        } catch (IllegalArgumentException e) {
                            // torn: the one before stands
                        }
                    }
                }
                if (resumed != null && (tail.isEmpty() || resumed.seq() < tail.getFirst().seq())) ends.add(resumed);
            }
            for (Event e : tail) if (e.seq() > first.seq()) ends.add(e);
            return ends;
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new JournalException("line 1 of " + file + " is not a journal event (" + e.getMessage() + ")", null);
        }
    }

    /** The seq a line's first bytes give ({@code "seq":N} right after the chain value), without parsing it. */
    private static long seqOf(JournalLines lines, long otherwise) {
        byte[] b = lines.bytes();
        int at = JournalChain.HEAD;
        byte[] key = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        if (lines.length() < at + key.length + 1) return otherwise;
        for (int i = 0; i < key.length; i++) if (b[at + i] != key[i]) return otherwise;
        long seq = 0;
        int i = at + key.length;
        while (i < lines.length() && b[i] >= '0' && b[i] <= '9') seq = seq * 10 + (b[i++] - '0');
        return i == at + key.length ? otherwise : seq;
    }

    private static Path journalFile(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FileJournal.FILE_NAME) : dirOrFile;
    }

    /**
     * One journal line (as {@link FileJournal} writes it, and a database journal keeps it) back into an event;
     * {@link IllegalArgumentException} says what is wrong with it.
     */
    public static Event parseLine(String line) {
        return parse(line);
    }

    private static Event parse(String line) {
        Map<String, Object> m;
        try {
            m = Json.MAPPER.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (m == null) throw new IllegalArgumentException("not a JSON object");
        m.remove(JournalChain.FIELD);
        if (!(m.remove("seq") instanceof Number seq)) throw new IllegalArgumentException("no numeric seq");
        if (!(m.remove("ts") instanceof String ts)) throw new IllegalArgumentException("no ts");
        if (!(m.remove("type") instanceof String type)) throw new IllegalArgumentException("no type");
        try {
            return new Event(seq.longValue(), Instant.parse(ts), type, m);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts '" + ts + "' is not a UTC time");
        }
    }

    private static final String RUN_RESUMED = "run.resumed";
    private static final String OUTPUT = EventTypes.STEP_OUTPUT;
    /** How much of a journal's end {@link #readEnds} reads: a few events, even with output lines of the full 8 KB. */
    static final int TAIL_BYTES = 64 * 1024;
}
