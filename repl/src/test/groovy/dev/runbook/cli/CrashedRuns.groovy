package dev.runbook.cli

import java.nio.file.Path

/**
 * A crash made the way a power cut leaves it, for the resume specs: the journal of a real run cut after a given
 * event (the journal is all a run leaves behind), and the ledger the steps write their side effects to cut to match.
 */
final class CrashedRuns {
    private CrashedRuns() {}

    /** The id of the one run journaled under {@code runs}. */
    static String onlyRun(Path runs) {
        def ids = runs.toFile().list().findAll { !it.startsWith('.') }
        assert ids.size() == 1
        ids[0]
    }

    /** Keeps the run's journal up to and including the first line {@code lastKept} accepts. */
    static void cutJournalAfter(Path runs, String id, Closure<Boolean> lastKept) {
        cutAfter(runs.resolve(id).resolve('journal.jsonl'), lastKept)
    }

    /** Keeps the file's lines up to and including the first one {@code lastKept} accepts. */
    static void cutAfter(Path file, Closure<Boolean> lastKept) {
        def lines = file.toFile().readLines()
        file.toFile().text = lines.subList(0, lines.findIndexOf(lastKept) + 1).join('\n') + '\n'
    }

    /**
     * The lines with their integrity chain computed again, as the tool would have written them: for specs that make up
     * a journal state by editing lines (a run still running, an event the REPL wrote), not to test tampering.
     */
    static List<String> rechain(List<String> lines) {
        String head = null
        String[] out = new String[1]
        lines.collect { String line ->
            String json = line.replaceFirst(/^\{"chain":"[0-9a-f]{64}",/, '{')
            String chained = dev.runbook.journal.JournalChain.chained(head, json, out)
            head = out[0]
            chained
        }
    }
}
