package dev.runbook.journal;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a run's journal back into events, for {@code show}, reports, resume and tests. */
public final class JournalReader {
    private JournalReader() {}

    /** Reads {@code dir/journal.jsonl}, or the file itself when given one. */
    public static List<Event> read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FileJournal.FILE_NAME) : dirOrFile;
        List<Event> events = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                Map<String, Object> m;
                try {
                    m = Json.MAPPER.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // the last line may be half-written by a run that is still going (or died mid-write)
                    if (i == lines.size() - 1) break;
                    throw new JournalException("line " + (i + 1) + " of " + file + " is not a journal event: " + e.getOriginalMessage(), e);
                }
                long seq = ((Number) m.remove("seq")).longValue();
                Instant at = Instant.parse((String) m.remove("ts"));
                String type = (String) m.remove("type");
                events.add(new Event(seq, at, type, m));
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        return events;
    }
}
