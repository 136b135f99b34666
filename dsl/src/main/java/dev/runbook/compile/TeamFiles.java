package dev.runbook.compile;

import dev.runbook.model.Team;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the team file that governs a runbook: {@code runbook.team.groovy} or {@code .runbook/team.groovy} in the
 * runbook's folder or any folder above it, then in the working directory; the built-in default otherwise.
 */
public final class TeamFiles {
    public static final String BESIDE = "runbook.team.groovy";
    public static final String HIDDEN = ".runbook/team.groovy";

    private TeamFiles() {}

    public static Optional<Path> find(Path runbookFile, Path workingDir) {
        Path dir = runbookFile.toAbsolutePath().getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            Optional<Path> f = in(d);
            if (f.isPresent()) return f;
        }
        return in(workingDir.toAbsolutePath());
    }

    private static Optional<Path> in(Path dir) {
        if (Files.isRegularFile(dir.resolve(BESIDE))) return Optional.of(dir.resolve(BESIDE));
        if (Files.isRegularFile(dir.resolve(HIDDEN))) return Optional.of(dir.resolve(HIDDEN));
        return Optional.empty();
    }

    /** The team for a runbook: the explicit file when given, else the one found, else the built-in default. */
    public static Team load(Path explicit, Path runbookFile, Path workingDir, RunbookCompiler compiler) {
        Optional<Path> file = explicit != null ? Optional.of(explicit) : find(runbookFile, workingDir);
        return file.map(f -> compiler.compileTeam(relativize(f))).orElseGet(Team::defaults);
    }

    /** Shorter for messages, relative to the process's directory: the path is also read from there. */
    private static Path relativize(Path f) {
        try {
            Path rel = Path.of("").toAbsolutePath().relativize(f.toAbsolutePath());
            return rel.startsWith("..") ? f : rel;
        } catch (IllegalArgumentException e) {
            return f;
        }
    }
}
