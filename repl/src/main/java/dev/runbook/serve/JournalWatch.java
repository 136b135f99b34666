package dev.runbook.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.journal.Event;
import dev.runbook.journal.FileRunStore;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the journals of the runs someone has open and publishes each change to their {@link RunFeed}. A folder
 * journal is watched by its file's size and modification time, looked at every {@value #FILE_TICK_MS} ms (a stat
 * per open run: fifty runs cost nothing). A store that pushes changes ({@link RunStore#watchChanges}: PostgreSQL's
 * {@code LISTEN runbook_events}) has a watched run read again when it is told that run journaled, and every watched
 * run read again when the store says it may have missed something (its listening connection came back), and, as a
 * safety net, every {@code safetyPollMs} ({@value #SAFETY_POLL_MS} ms by default). A store that cannot push is read
 * every {@value #STORE_TICK_MS} ms. Either way a journal nobody watches is never read.
 */
final class JournalWatch implements AutoCloseable {
    static final long FILE_TICK_MS = 50;
    static final long STORE_TICK_MS = 250;
    static final long SAFETY_POLL_MS = 5000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunStore store;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Runs the store said journaled since the loop last looked; {@link #ALL} when everything is to be read again. */
    private final Set<String> pushed = new HashSet<>();
    private static final String ALL = "\u0000all";
    private final AutoCloseable pushing;
    private final long pollMs;

    private static final class Watched {
        final RunFeed feed = new RunFeed();
        String signal = "";
        long lastRead;
    }

    JournalWatch(RunStore store) {
        this(store, SAFETY_POLL_MS);
    }

    /** {@code safetyPollMs}: how often every watched run is read again when the store pushes changes. */
    JournalWatch(RunStore store, long safetyPollMs) {
        this.store = store;
        this.pushing = store instanceof FileRunStore ? null : watchChanges(store);
        this.pollMs = store instanceof FileRunStore ? FILE_TICK_MS : pushing == null ? STORE_TICK_MS : safetyPollMs;
        this.thread = Thread.ofPlatform().daemon().name("runbook-serve-watch").start(this::loop);
    }

    private AutoCloseable watchChanges(RunStore store) {
        return store.watchChanges(runId -> {
            synchronized (pushed) {
                if (runId == null) pushed.add(ALL);
                else if (watched.containsKey(runId)) pushed.add(runId); // runs nobody has open are not read
                else return;
                pushed.notifyAll();
            }
        });
    }

    /** The feed of {@code runId}, watched until its last subscriber leaves ({@link #leave}). */
    synchronized RunFeed join(String runId) { // with leave: a page that opens as the last one closes keeps its feed
        Watched w = watched.computeIfAbsent(runId, id -> new Watched());
        w.feed.join();
        synchronized (w) {
            if (w.feed.current() == null) refresh(runId, w);
        }
        return w.feed;
    }

    synchronized void leave(String runId, RunFeed feed) {
        if (feed.leave() <= 0) watched.remove(runId);
    }

    private void loop() {
        long lastFull = 0;
        while (!closed) {
            long now = System.currentTimeMillis();
            boolean full = now - lastFull >= pollMs;
            Set<String> told;
            synchronized (pushed) {
                told = new HashSet<>(pushed);
                pushed.clear();
            }
            if (told.contains(ALL)) full = true;
            if (full) lastFull = now;
            for (Map.Entry<String, Watched> e : watched.entrySet()) {
                if (!full && !told.contains(e.getKey())) continue;
                Watched w = e.getValue();
                synchronized (w) {
                    String signal = signal(e.getKey(), w, now);
                    if (signal != null && !signal.equals(w.signal)) {
                        w.signal = signal;
                        refresh(e.getKey(), w);
                    }
                }
            }
            try {
                synchronized (pushed) {
                    long left = lastFull + pollMs - System.currentTimeMillis();
                    if (pushed.isEmpty() && left > 0) pushed.wait(left);
                }
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    /** Something that changes when the journal does; null when there is nothing to look at yet. */
    private String signal(String runId, Watched w, long now) {
        if (store instanceof FileRunStore) {
            Path file = store.runDir(runId).resolve(dev.runbook.journal.FileJournal.FILE_NAME);
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return a.size() + "/" + a.lastModifiedTime().toMillis();
            } catch (IOException ex) {
                return null;
            }
        }
        return "tick " + System.nanoTime(); // a store without a cheap signal: read it each tick, publish only when it changed
    }

    private void refresh(String runId, Watched w) {
        try {
            List<Event> events = store.read(runId).events();
            if (events.isEmpty()) return;
            String json = message(RunSummary.of(store, runId, events), events);
            if (!json.equals(w.feed.current())) w.feed.publish(json);
        } catch (JournalException | IllegalArgumentException | IOException ex) {
            // a journal being created or torn mid-line: the next tick reads it again
        }
    }

    static String message(RunSummary run, List<Event> events) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", events.size());
        m.put("last", events.get(events.size() - 1).at().toEpochMilli());
        m.put("state", run.state());
        m.put("waiting", run.waitingForApproval());
        m.put("html", TimelineHtml.render(run, events));
        return JSON.writeValueAsString(m);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (pushing != null) {
            try {
                pushing.close();
            } catch (Exception e) {
                // closing: the listener's connection goes with the process
            }
        }
    }
}
