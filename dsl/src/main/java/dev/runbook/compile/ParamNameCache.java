package dev.runbook.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The param names of every runbook compiled, by the hash of its text: one small file per runbook, one name per
 * line. Shell completion reads it after {@code -p}, once per TAB, in a process that starts for nothing else: so
 * reading it needs neither Groovy nor Jackson. Written by {@link RunbookCompiler} whenever a runbook compiles with
 * the cache on; best effort both ways (a missing or unreadable entry only means compiling the file).
 */
public final class ParamNameCache {
    private static final String FORMAT = "params 1";

    private final Path dir;

    public ParamNameCache(Path dir) {
        this.dir = dir;
    }

    /** The names stored for this runbook text, in declaration order; empty when it was never compiled here. */
    public Optional<List<String>> names(String text) {
        Path f = dir.resolve(key(text) + ".txt");
        try {
            return Optional.of(Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(s -> !s.isEmpty()).toList());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores the names once per text (an existing entry is left alone: same text, same params). */
    public void store(String text, List<String> names) {
        Path f = dir.resolve(key(text) + ".txt");
        if (Files.exists(f)) return;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "names", ".tmp");
            Files.write(tmp, names, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // not fatal: the next completion compiles the file instead
        }
    }

    /**
     * By the text alone, not the tool's build as for compiled classes: which params a text declares does not change
     * between builds, and hashing the build would need Groovy's version (its runtime's start-up) on every TAB.
     */
    private static String key(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((FORMAT + "\n" + text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
