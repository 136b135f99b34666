package dev.runbook.journal;

import java.io.IOException;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target locks of a folder journal: one file per key under {@code ROOT/locks}, held with {@code flock} (which the
 * kernel drops when the process dies) and holding the holder's record. They exclude runs on this machine only:
 * runs on two laptops do not see each other's locks; a shared PostgreSQL journal makes them team-wide.
 */
final class FileLocks {
    private static final long RETRY_MS = 200;

    private FileLocks() {}

    static HeldLocks take(Path root, List<String> keys, LockHolder holder, Duration wait) {
        Path dir = root.resolve("locks");
        long t0 = System.nanoTime();
        long deadline = t0 + (wait == null ? 0 : wait.toNanos());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create " + dir + " for locks: " + e.getMessage(), e);
        }
        List<String> sorted = keys.stream().distinct().sorted().toList(); // one order for every run: no deadlock when waiting
        while (true) {
            List<Held> taken = new ArrayList<>();
            String busy = null;
            for (String key : sorted) {
                Held h = tryTake(dir, key, holder);
                if (h == null) {
                    busy = key;
                    break;
                }
                taken.add(h);
            }
            if (busy == null) {
                long waited = (System.nanoTime() - t0) / 1_000_000;
                return new HeldLocks() {
                    public List<String> keys() { return sorted; }
                    public long waitedMs() { return waited; }
                    public void close() { taken.forEach(Held::release); }
                };
            }
            taken.forEach(Held::release);
            if (System.nanoTime() >= deadline) {
                throw new LockBusyException(busy, holderOf(fileOf(dir, busy)),
                        wait == null || wait.isZero() ? null : dev.runbook.lang.Durations.format(wait));
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockBusyException(busy, readHolder(fileOf(dir, busy)), "interrupted");
            }
        }
    }

    /** The holder of the lock in {@code file}, waiting for its record as {@link LockHolder#recorded} says. */
    private static LockHolder holderOf(Path file) {
        try {
            return LockHolder.recorded(() -> readHolder(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private record Held(FileChannel channel, FileLock lock) {
        void release() {
            try {
                channel.truncate(0);
                lock.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel (or the process ending) frees the flock anyway
            }
        }
    }

    private static Held tryTake(Path dir, String key, LockHolder holder) {
        Path file = fileOf(dir, key);
        try {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("key", key);
            rec.put("run", holder.runId());
            rec.put("operator", holder.operator());
            rec.put("host", holder.host());
            rec.put("pid", holder.pid());
            rec.put("since", holder.since().toString());
            FileLock lock = HolderFile.take(file, Json.MAPPER.writeValueAsBytes(rec));
            if (lock == null) return null;
            return new Held(lock.channel(), lock);
        } catch (IOException e) {
            throw new JournalException("cannot take the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    private static LockHolder readHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) return null;
            Map<?, ?> m = Json.MAPPER.readValue(text, Map.class);
            return new LockHolder(String.valueOf(m.get("run")), String.valueOf(m.get("operator")), String.valueOf(m.get("host")),
                    m.get("pid") instanceof Number n ? n.longValue() : 0, Instant.parse(String.valueOf(m.get("since"))));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A readable file name for the key, with a hash so that keys differing only in punctuation stay apart. */
    private static Path fileOf(Path dir, String key) {
        String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) safe = safe.substring(0, 80);
        String hash = HexFormat.of().toHexDigits(key.hashCode());
        return dir.resolve(safe + "-" + hash + ".lock");
    }
}
