package dev.runbook.journal;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
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
     */
    public record Contents(Path file, List<Event> events, String tornLine, long validBytes) {
        public Contents {
            events = List.copyOf(events);
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
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FileJournal.FILE_NAME) : dirOrFile;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        List<Event> events = new ArrayList<>();
        String torn = null;
        long valid = 0;
        long lastSeq = 0;
        int lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            boolean last = nl < 0 || nl == bytes.length - 1;
            int end = nl < 0 ? bytes.length : nl;
            lineNo++;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            int next = nl < 0 ? bytes.length : nl + 1;
            if (line.isBlank()) {
                if (nl >= 0) valid = next;
                start = next;
                continue;
            }
            Event event;
            try {
                event = parse(line);
            } catch (IllegalArgumentException e) {
                if (last) {
                    torn = "the last line (" + lineNo + ") of " + file + " is incomplete — the run stopped while writing it; "
                            + "it was ignored";
                    break;
                }
                throw new JournalException("line " + lineNo + " of " + file + " is not a journal event (" + e.getMessage()
                        + ") — the journal was damaged or edited; it cannot be replayed", null);
            }
            if (event.seq() <= lastSeq) {
                throw new JournalException("line " + lineNo + " of " + file + " has seq " + event.seq() + " after seq " + lastSeq
                        + " — events are out of order (was the journal edited, or written by two runs?); it cannot be replayed", null);
            }
            lastSeq = event.seq();
            events.add(event);
            // a complete event whose newline never reached the disk still counts; the resumed run adds the newline
            valid = nl < 0 ? bytes.length : next;
            start = next;
        }
        return new Contents(file, events, torn, valid);
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
        if (!(m.remove("seq") instanceof Number seq)) throw new IllegalArgumentException("no numeric seq");
        if (!(m.remove("ts") instanceof String ts)) throw new IllegalArgumentException("no ts");
        if (!(m.remove("type") instanceof String type)) throw new IllegalArgumentException("no type");
        try {
            return new Event(seq.longValue(), Instant.parse(ts), type, m);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts '" + ts + "' is not a UTC time");
        }
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}
