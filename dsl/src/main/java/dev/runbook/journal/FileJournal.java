package dev.runbook.journal;

import com.fasterxml.jackson.core.JsonProcessingException;

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
    private final FileChannel channel;
    private boolean dirty;

    private FileJournal(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** Creates the run's folder (and its parents) and opens its journal for appending. */
    public static FileJournal create(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new FileJournal(dir, ch);
        } catch (IOException e) {
            throw new JournalException("cannot create the run journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing run's journal to go on writing it (resume): whatever follows its last complete event (a
     * line torn by a crash) is cut off first, and a missing final newline is added, so the next event starts a line.
     */
    public static FileJournal reopen(Path dir, long validBytes) {
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
            ch.close();
            return create(dir);
        } catch (IOException e) {
            throw new JournalException("cannot reopen the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void append(Event event, boolean durable) {
        try {
            ByteBuffer line = ByteBuffer.wrap((toJson(event) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) channel.write(line);
            dirty = true;
            if (durable) {
                channel.force(false);
                dirty = false;
            }
        } catch (IOException e) {
            throw new JournalException("cannot write the run journal " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The event as one journal line (no newline): {@code seq}, {@code ts}, {@code type}, then its fields. */
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
            if (channel.isOpen()) {
                if (dirty) channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new JournalException("cannot close the run journal: " + e.getMessage(), e);
        }
    }
}
