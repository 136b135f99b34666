package dev.runbook.term;

import dev.runbook.journal.Event;
import dev.runbook.journal.JournalChain;
import dev.runbook.journal.JournalReader;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What {@code show}, {@code report} and {@code resume} say about a journal's integrity chain before anything else. An
 * altered journal is split where it stops fitting: the events before are reported as facts, the rest only as what
 * the journal now reads, marked unverified.
 */
public final class JournalIntegrity {
    private JournalIntegrity() {}

    /** Prints the warning (altered) or the note (no chain) to {@code err}; nothing for a verified journal. */
    public static void warn(PrintStream err, String runId, JournalReader.Contents contents) {
        JournalChain.Integrity i = contents.integrity();
        switch (i.status()) {
            case ALTERED -> err.println("runbook: warning: run " + runId + ": " + i.message());
            case NO_CHAIN -> err.println("runbook: note: run " + runId + ": " + i.message());
            case VERIFIED -> { }
        }
    }

    public static boolean altered(JournalReader.Contents contents) {
        return contents.integrity().altered();
    }

    /** The events the chain vouches for: all of them, unless the journal was altered, then those before the event altered. */
    public static List<Event> verified(JournalReader.Contents contents) {
        if (!altered(contents)) return contents.events();
        long at = contents.integrity().alteredAt();
        return contents.events().stream().filter(e -> e.seq() < at).toList();
    }

    /** The events from the altered one on, as the journal now reads them. */
    public static List<Event> unverified(JournalReader.Contents contents) {
        if (!altered(contents)) return List.of();
        long at = contents.integrity().alteredAt();
        return contents.events().stream().filter(e -> e.seq() >= at).toList();
    }

    /** One line for an unverified event: its seq, type and short fields, all in the journal's words. */
    public static String describe(Event e) {
        StringBuilder s = new StringBuilder("event ").append(e.seq()).append(' ').append(e.type());
        for (Map.Entry<String, Object> f : e.data().entrySet()) {
            Object v = f.getValue();
            if (v instanceof Map || v instanceof List) continue;
            String text = String.valueOf(v).replace('\n', ' ');
            if (text.length() > 60) text = text.substring(0, 57) + "...";
            s.append(' ').append(f.getKey()).append('=').append(text);
        }
        return s.toString();
    }
}
