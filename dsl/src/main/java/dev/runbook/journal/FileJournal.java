package dev.runbook.journal;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <dir>/journal.jsonl}: one JSON event per line, appended, and fsynced before the engine takes its next
 * action, so a crash or a power cut never loses a transition that already happened.
 */
public final class FileJournal implements Journal {
    public static final String FILE_NAME = "journal.jsonl";

    private final Path dir;
    /**
     * A stream, not a FileChannel: a channel is closed for good when a thread writing to it is interrupted, and the
     * engine interrupts workers (timeouts, Ctrl-C, a stopped fan-out target) that may be journaling at that moment.
     */
    private final FileOutputStream out;
    private boolean dirty;
    /** Bytes written so far, and of those, bytes known to be on disk: one fsync makes all earlier writes durable. */
    private long written;
    private long synced;
    private final Object syncLock = new Object();
    /** The run's owner lock ({@link FileRunOwner}), given back when the journal closes; null when none was taken. */
    private final AutoCloseable owner;
    /**
     * The chain value of the last event written ({@link JournalChain}); null before the first. {@link #chained} is false
     * only for a journal written before the chain existed, which a resume goes on writing as it was.
     */
    private String chainHead;
    private final boolean chained;

    private FileJournal(Path dir, FileOutputStream out, AutoCloseable owner, String chainHead, boolean chained) {
        this.dir = dir;
        this.out = out;
        this.owner = owner;
        this.chainHead = chainHead;
        this.chained = chained;
    }

    /** Creates the run's folder (and its parents) and opens its journal for appending. */
    public static FileJournal create(Path dir) {
        return create(dir, null);
    }

    static FileJournal create(Path dir, AutoCloseable owner) {
        return open(dir, owner, null, true);
    }

    private static FileJournal open(Path dir, AutoCloseable owner, String chainHead, boolean chained) {
        try {
            Files.createDirectories(dir);
            return new FileJournal(dir, new FileOutputStream(dir.resolve(FILE_NAME).toFile(), true), owner, chainHead, chained);
        } catch (IOException e) {
            throw new JournalException("cannot create the run journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing run's journal to go on writing it (resume): whatever follows its last complete event (a
     * line torn by a crash) is cut off first, and a missing final newline is added, so the next event starts a line.
     */
    public static FileJournal reopen(Path dir, long validBytes) {
        return reopen(dir, validBytes, null);
    }

    static FileJournal reopen(Path dir, long validBytes, AutoCloseable owner) {
        Path file = dir.resolve(FILE_NAME);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ch.truncate(validBytes);
            ch.position(validBytes);
            if (validBytes > 0) {
                ByteBuffer lastByte = ByteBuffer.allocate(1);
                ch.read(lastByte, validBytes - 1);
                if (lastByte.get(0) != '\n') ch.write(ByteBuffer.wrap(new byte[]{'\n'}));
            }
            ch.force(false);
            String lastLine = lastLine(ch, validBytes);
            ch.close();
            String head = lastLine == null ? null : JournalChain.carried(lastLine);
            return open(dir, owner, head, lastLine == null || head != null);
        } catch (IOException e) {
            throw new JournalException("cannot reopen the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last non-blank line within the first {@code end} bytes, or null when there is none. */
    private static String lastLine(FileChannel ch, long end) throws IOException {
        for (int window = 16 * 1024; ; window *= 4) {
            long from = Math.max(0, end - window);
            ByteBuffer buf = ByteBuffer.allocate((int) (end - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read the whole window
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).stripTrailing();
            int nl = text.lastIndexOf('\n');
            if (nl >= 0 || from == 0) return text.isEmpty() ? null : text.substring(nl + 1);
        }
    }

    @Override
    public void append(Event event, boolean durable) {
        long mark = write(event);
        if (durable) awaitDurable(mark);
    }

    /** Appends the line (whole: lines of several threads never mix) and returns the journal's length after it. */
    @Override
    public synchronized long write(Event event) {
        try {
            byte[] line = (chainedLine(event) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            dirty = true;
            written += line.length;
            return written;
        } catch (IOException e) {
            throw new JournalException("cannot write the run journal " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Group commit: waits until an fsync that started after byte {@code mark} was written has completed. A thread
     * that finds one already done returns at once, so threads writing at the same time share fsyncs.
     */
    @Override
    public void awaitDurable(long mark) {
        synchronized (syncLock) {
            if (synced >= mark) return;
            long upTo;
            synchronized (this) {
                upTo = written;
            }
            try {
                out.getFD().sync();
            } catch (IOException e) {
                throw new JournalException("cannot write the run journal " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
            }
            synced = upTo;
            synchronized (this) {
                if (written == upTo) dirty = false;
            }
        }
    }

    @Override
    public void awaitAllDurable() {
        long upTo;
        synchronized (this) {
            upTo = written;
        }
        awaitDurable(upTo);
    }

    /** The event's line, chained to the one before (lock held: events are chained in the order they are written). */
    private String chainedLine(Event event) throws JsonProcessingException {
        String json = toJson(event);
        if (!chained) return json;
        String[] head = new String[1];
        String line = JournalChain.chained(chainHead, json, head);
        chainHead = head[0];
        return line;
    }

    /** The event as JSON (no newline, no chain value): {@code seq}, {@code ts}, {@code type}, then its fields. */
    public static String toJson(Event event) throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", event.seq());
        line.put("ts", event.at().toString());
        line.put("type", event.type());
        line.putAll(event.data());
        return Json.MAPPER.writeValueAsString(line);
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        try {
            if (out.getFD().valid()) {
                if (dirty) out.getFD().sync();
                out.close();
            }
        } catch (IOException e) {
            throw new JournalException("cannot close the run journal: " + e.getMessage(), e);
        } finally {
            // the run is free for a resume only once its last event is on disk
            if (owner != null) {
                try {
                    owner.close();
                } catch (Exception e) {
                    // the process ending frees it anyway
                }
            }
        }
    }
}
