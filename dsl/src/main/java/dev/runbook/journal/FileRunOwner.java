package dev.runbook.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The owner of a run in a folder: {@code flock} on {@code <run>/.owner.lock} (hidden: not one of the artifacts a
 * report lists), taken before the journal opens (new or resumed) and held until it closes. The kernel drops it when the process dies, so a crashed run is free to resume
 * at once, and of two resumes started together exactly one gets it. The file holds who took it, for the refusal.
 * Like {@link FileLocks}, it excludes processes on this machine only (a folder journal is one machine's).
 */
final class FileRunOwner implements AutoCloseable {
    static final String FILE_NAME = ".owner.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FileRunOwner(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the run, or throws {@link RunOwnedException} naming the process that holds it. */
    static FileRunOwner take(Path runDir, String runId) {
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new JournalException("cannot create the run journal in " + runDir + ": " + e.getMessage(), e);
        }
        try {
            String who = "process " + ProcessHandle.current().pid() + " on " + RunLiveness.thisHost() + " since " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ProcessHandle.current().info().arguments().map(FileRunOwner::command).orElse("");
            FileLock lock = HolderFile.take(file, who.getBytes(StandardCharsets.UTF_8));
            if (lock == null) throw RunOwnedException.heldBy(runId, holder(file));
            return new FileRunOwner(lock.channel(), lock);
        } catch (IOException e) {
            throw new JournalException("cannot take the run " + runId + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** " (runbook resume ID --yes)": the tool's own words after its main class, when this JVM is the CLI. */
    private static String command(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("dev.runbook.app.Main") || args[i].endsWith("runbook.jar")) {
                return " (runbook " + String.join(" ", java.util.Arrays.copyOfRange(args, i + 1, args.length)) + ")";
            }
        }
        return "";
    }

    /**
     * Who holds it, as its holder wrote it. A holder writes a moment after it took the lock, so one that lost the
     * race by that moment finds nothing yet: it waits up to a second for the record (as {@link LockHolder#recorded}).
     */
    private static String holder(Path file) {
        try {
            for (int i = 0; i < 20; i++) {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) return text;
                Thread.sleep(50);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * Whether the journal holds complete events past {@code validBytes}: another process wrote the run after this
     * one read it, and went away before this one took it. What was read is out of date; going on would cut them off.
     * A torn last line has no newline, so it does not count.
     */
    static boolean writtenSince(Path journal, long validBytes) {
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = validBytes;
            int n;
            while ((n = ch.read(buf.clear(), pos)) > 0) {
                buf.flip();
                while (buf.hasRemaining()) if (buf.get() == '\n') return true;
                pos += n;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel, or the process ending, frees the flock anyway
        }
    }
}
