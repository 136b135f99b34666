package dev.runbook.integrations.pg;

import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.support.Executables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the PostgreSQL client tools: on PATH, then in Debian's {@code /usr/lib/postgresql/<version>/bin}, newest first. */
final class PgTools {
    private PgTools() {}

    static Path find(String tool, Map<String, String> env) {
        return Executables.find(List.of(tool), env, debianBinDirs())
                .orElseThrow(() -> new StepFailure("pg: cannot find " + tool + " on PATH or in /usr/lib/postgresql/*/bin"
                        + " — install the PostgreSQL client tools (apt-get install postgresql-client)", StepFailure.Kind.ERROR));
    }

    private static List<Path> debianBinDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
