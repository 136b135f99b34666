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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the journals of the runs someone has open and publishes each change to their {@link RunFeed}. A folder
 * journal is watched by its file's size and modification time, looked at every {@value #FILE_TICK_MS} ms (a stat
 * per open run: fifty runs cost nothing); a database journal is read again every {@value #STORE_TICK_MS} ms. Either
 * way a journaled event reaches the page well within a second, and a journal nobody watches is never read.
 */
final class JournalWatch implements AutoCloseable {
    static final long FILE_TICK_MS = 50;
    static final long STORE_TICK_MS = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunStore store;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private static final class Watched {
        final RunFeed feed = new RunFeed();
        String signal = "";
        long lastRead;
    }

    JournalWatch(RunStore store) {
        this.store = store;
        this.thread = Thread.ofPlatform().daemon().name("runbook-serve-watch").start(this::loop);
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
        while (!closed) {
            long now = System.currentTimeMillis();
            for (Map.Entry<String, Watched> e : watched.entrySet()) {
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
                Thread.sleep(store instanceof FileRunStore ? FILE_TICK_MS : STORE_TICK_MS);
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
        return "tick " + now; // a store without a cheap signal: read it each tick, publish only when it changed
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
    }
}
