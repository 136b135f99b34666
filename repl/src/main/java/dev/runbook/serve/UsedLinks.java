package dev.runbook.serve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The one-time links already used, one id a line in {@code used-links} beside the key, fsynced before the decision
 * is sent: a link clicked twice, or replayed after a restart of the server, is refused.
 */
final class UsedLinks {
    private final Path file;
    private final Set<String> used = new HashSet<>();

    UsedLinks(Path file) throws IOException {
        this.file = file;
        if (Files.isRegularFile(file)) used.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** True the first time {@code id} is claimed, after it is recorded on disk; false ever after. */
    synchronized boolean claim(String id) throws IOException {
        if (used.contains(id)) return false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        used.add(id);
        return true;
    }

    synchronized boolean isUsed(String id) {
        return used.contains(id);
    }
}
