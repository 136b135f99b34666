package dev.runbook.engine;

import dev.runbook.journal.EventTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of a command's output the journal keeps: a head and a tail. A step that printed 200 MB made a 780 MB
 * journal, and every reader of the run (runs, show, report, resume) then took 40 s and 4 GB. The journal keeps the
 * first {@link #HEAD_LINES} lines (or {@link #HEAD_BYTES}) of each command, then the last {@link #TAIL_LINES}, with a
 * {@code step.output.cut} event between them saying how much was left out and where it is: once a command's output
 * outgrows the head, all of it goes to {@code output/<step>.log} in the run's folder (capped at {@link #FILE_LIMIT},
 * the older half kept as {@code .1}); a command whose output fits in the journal leaves no file.
 * A journal line is at most {@link #LINE_LIMIT} characters. Used by {@link EventBus}, under its lock.
 */
final class OutputBudget {
    static final int HEAD_LINES = 1_000;
    static final long HEAD_BYTES = 256 * 1024;
    static final int TAIL_LINES = 200;
    static final int LINE_LIMIT = 8 * 1024;
    static final long FILE_LIMIT = 64L * 1024 * 1024;
    static final String FOLDER = "output";

    private final Path runDir;
    private final Map<String, Command> commands = new HashMap<>();

    OutputBudget(Path runDir) {
        this.runDir = runDir;
    }

    /** One command's output so far (a step runs one command at a time; so does each fan-out target). */
    private final class Command {
        final String key;
        long lines;
        long bytes;
        long cutLines;
        long cutBytes;
        final ArrayDeque<Map<String, Object>> tail = new ArrayDeque<>();
        /** The head's lines, until the output outgrows it: only then is there a file, which begins with them. */
        List<Map<String, Object>> head = new java.util.ArrayList<>();
        OutputStream file;
        long fileBytes;

        Command(String key) {
            this.key = key;
        }

        /** The whole output, every line; a file that cannot be written loses the middle, not the run. */
        void toFile(Map<String, Object> data) {
            byte[] line = (("err".equals(data.get("stream")) ? "! " : "") + data.get("line") + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (file == null || fileBytes + line.length > FILE_LIMIT / 2) rotate();
                file.write(line);
                fileBytes += line.length;
            } catch (IOException e) {
                file = null;
            }
        }

        /** Starts the file afresh, keeping the half before as {@code .1}: the file never holds more than the limit. */
        private void rotate() throws IOException {
            Path f = file(key);
            Files.createDirectories(f.getParent());
            if (file != null) {
                file.close();
                Files.move(f, f.resolveSibling(f.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            file = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            fileBytes = 0;
        }

        void close() {
            try {
                if (file != null) file.close();
            } catch (IOException e) {
                // what was written stays
            }
        }
    }

    /** The output file of a step (and target) in the run's folder. */
    Path file(String key) {
        return runDir.resolve(FOLDER).resolve(key.replaceAll("[^A-Za-z0-9._-]+", "_") + ".log");
    }

    private static String keyOf(Map<String, Object> data) {
        Object target = data.get("fanOutTarget");
        return data.get("step") + (target == null ? "" : "-" + target);
    }

    /** A command starts: its output is counted afresh. */
    void commandStarted(Map<String, Object> data) {
        Command c = commands.remove(keyOf(data));
        if (c != null) c.close();
    }

    /**
     * An output line: true when the journal takes it now (its line cut to {@link #LINE_LIMIT} in {@code data}),
     * false when it went to the file and the tail instead.
     */
    boolean journalNow(Map<String, Object> data) {
        if (data.get("line") instanceof String line && line.length() > LINE_LIMIT) {
            data.put("line", line.substring(0, LINE_LIMIT) + " … [" + (line.length() - LINE_LIMIT) + " more characters cut]");
        }
        String key = keyOf(data);
        Command c = commands.computeIfAbsent(key, Command::new);
        long size = String.valueOf(data.get("line")).length() + 1;
        if (c.head != null && c.lines < HEAD_LINES && c.bytes + size <= HEAD_BYTES) {
            c.lines++;
            c.bytes += size;
            c.head.add(data);
            return true;
        }
        if (c.head != null) {
            // the output outgrew the head: from now on every line goes to the file, the head's first
            c.head.forEach(c::toFile);
            c.head = null;
        }
        c.toFile(data);
        c.tail.addLast(data);
        if (c.tail.size() > TAIL_LINES) {
            Map<String, Object> gone = c.tail.removeFirst();
            c.cutLines++;
            c.cutBytes += String.valueOf(gone.get("line")).length() + 1;
        }
        return false;
    }

    /**
     * The command ended: what the journal still owes before its {@code command.finished} — the cut (how much, where
     * the whole output is) and the tail — as (type, data) pairs in order. Empty when all of it was journaled.
     */
    List<Map.Entry<String, Map<String, Object>>> commandFinished(Map<String, Object> data) {
        Command c = commands.remove(keyOf(data));
        if (c == null) return List.of();
        c.close();
        if (c.tail.isEmpty()) return List.of();
        List<Map.Entry<String, Map<String, Object>>> owed = new java.util.ArrayList<>();
        if (c.cutLines > 0) {
            Map<String, Object> cut = new LinkedHashMap<>();
            cut.put("step", data.get("step"));
            if (data.get("fanOutTarget") != null) cut.put("fanOutTarget", data.get("fanOutTarget"));
            cut.put("linesCut", c.cutLines);
            cut.put("bytesCut", c.cutBytes);
            cut.put("file", runDir.relativize(file(c.key)).toString());
            owed.add(Map.entry(EventTypes.STEP_OUTPUT_CUT, cut));
        }
        c.tail.forEach(d -> owed.add(Map.entry(EventTypes.STEP_OUTPUT, d)));
        return owed;
    }
}
