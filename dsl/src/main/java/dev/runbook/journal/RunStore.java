package dev.runbook.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where runs are kept: their journals, the approvals sent to them and the locks they hold. A folder of run folders
 * ({@link FileRunStore}, the default) or a shared database (PostgreSQL, found through {@link RunStoreProvider} by
 * the location's scheme). {@code runs}, {@code show}, {@code approve}, {@code resume} and {@code report} read runs
 * only through this, so they work the same on any store.
 */
public interface RunStore extends AutoCloseable {
    /** Where the store is, fit to print: a folder, or a URL with its password masked. */
    String location();

    /** The ids of the runs kept here, newest first (ids begin with their UTC start time). */
    List<String> runIds();

    /** The run's events; a torn last line (files only) is left out and reported in {@link JournalReader.Contents#tornLine()}. */
    JournalReader.Contents read(String runId);

    /**
     * The run's events as {@code show} and {@code report} need them: command output lines ({@code step.output}) left
     * out, so that a journal holding a flood of them (written before output was capped) is read in bounded memory.
     */
    default JournalReader.Contents readTimeline(String runId) {
        JournalReader.Contents all = read(runId);
        return all.withEvents(all.events().stream().filter(e -> !e.type().equals(EventTypes.STEP_OUTPUT)).toList());
    }

    /**
     * The run's ends, for {@code runs}: its first event, its last few, and its latest start or resume (whose process
     * says whether it still runs), in journal order; a store may leave the middle unread.
     */
    default List<Event> readEnds(String runId) {
        return readTimeline(runId).events();
    }

    /** Where this run's events are, fit to print ({@code journal.jsonl}'s path, or the URL and the run id). */
    String journalOf(String runId);

    /** The run's folder on this machine: the artifacts its steps write ({@code workdir}). */
    Path runDir(String runId);

    /** Opens a new run's journal. */
    Journal create(String runId);

    /** Opens an existing run's journal to go on writing it (resume); {@code validBytes} as read by {@link #read}. */
    Journal reopen(String runId, long validBytes);
    /** Keeps the runbook file as it was run: resume compares it with the file as it is then. */
    void keepSource(String runId, Path source);

    /** The runbook file as the run kept it, as a file on this machine; empty when it was not kept. */
    Optional<Path> sourceCopy(String runId);

    /**
     * Sends an approval decision ({@code by}, {@code decision}, {@code role}, {@code reason}...) to a waiting run;
     * returns the reference the run journals with its verdict on it.
     */
    String sendDecision(String runId, Map<String, Object> decision);

    /** Where a run reads the decisions sent to it. */
    ApprovalInbox inbox(String runId);

    /**
     * Takes every lock in {@code keys} for {@code holder}'s run, all or none, waiting up to {@code wait} (zero: not at
     * all) while another run holds one of them.
     *
     * @throws LockBusyException when one is still held by another run after {@code wait}
     */
    HeldLocks lock(List<String> keys, LockHolder holder, Duration wait);

    /** Whether the process that writes the run is alive; the journal's last start or resume says which it is. */
    default boolean stillRunning(String runId, List<Event> events) {
        return RunLiveness.processAlive(events);
    }

    /**
     * Pushes journal changes as the store learns of them, for a watcher that would otherwise poll (the team page):
     * {@code changed} is told the id of each run that journaled an event, and {@code null} when changes may have been
     * missed (a lost connection came back) so that everything watched should be read again. Returns what stops it, or
     * null when this store cannot push (a folder): the caller polls.
     */
    default AutoCloseable watchChanges(Consumer<String> changed) {
        return null;
    }

    @Override
    void close();
}
