package dev.runbook.cli.specs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The runbooks under the folders {@code runbook test} searches, so that a runbook no spec loads is listed as
 * untested instead of being invisible. A runbook is a {@code .groovy} file that calls {@code runbook(...)}; not a
 * spec ({@code *Spec.groovy}), not a team file, and not in the folders {@link SpecFiles} skips. A spec file given
 * by name lists no runbooks: the folder is not what was asked about.
 */
public final class RunbookSources {
    private static final Pattern RUNBOOK_CALL = Pattern.compile("(?m)^\\s*runbook\\s*\\(");

    private RunbookSources() {}

    public static List<Path> under(List<Path> roots) {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && SpecFiles.skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (isRunbook(file)) found.add(file.toAbsolutePath().normalize());
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found.stream().distinct().sorted().toList();
    }

    private static boolean isRunbook(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".groovy") || SpecFiles.isSpec(file) || name.equals("runbook.team.groovy")) return false;
        try {
            return RUNBOOK_CALL.matcher(Files.readString(file)).find();
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable: not one runbook test can say anything about
        }
    }
}
