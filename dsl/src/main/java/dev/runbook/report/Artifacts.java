package dev.runbook.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The files the steps left in the run's folder (the outputs a report attaches), without the run's own bookkeeping. */
public final class Artifacts {
    /** The journal, the approval inbox and the copy of the runbook: the tool's, not the steps'. */
    private static final Set<String> OWN = Set.of("journal.jsonl", "approvals", "source.groovy");

    public record Artifact(String relativePath, Path file, long size) {}

    private Artifacts() {}

    /** Every regular file under {@code runDir} except the tool's own and {@code exclude} (the report being written). */
    public static List<Artifact> in(Path runDir, Path exclude) {
        if (runDir == null || !Files.isDirectory(runDir)) return List.of();
        try (Stream<Path> files = Files.walk(runDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !OWN.contains(runDir.relativize(f).getName(0).toString()))
                    .filter(f -> exclude == null || !f.toAbsolutePath().normalize().equals(exclude.toAbsolutePath().normalize()))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(f -> new Artifact(runDir.relativize(f).toString(), f, size(f)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** 900 B, 1.2 KB, 3.4 MB. */
    public static String humanSize(long bytes) {
        if (bytes < 0) return "?";
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
