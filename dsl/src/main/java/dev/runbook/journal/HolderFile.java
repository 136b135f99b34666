package dev.runbook.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file held with {@code flock} that says who holds it: a target's lock ({@link FileLocks}) and a run's owner
 * ({@link FileRunOwner}). The kernel frees the lock with the process, however it ends; the text stays for whoever
 * finds it held.
 */
final class HolderFile {
    private HolderFile() {}

    /**
     * Takes {@code file}'s lock and writes {@code who} into it (on disk before this returns); null, with nothing
     * written, when another holder has it. Close the lock's channel to give it back.
     */
    static FileLock take(Path file, byte[] who) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another holder in this very JVM
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(who), 0);
        ch.force(false);
        return lock;
    }
}
