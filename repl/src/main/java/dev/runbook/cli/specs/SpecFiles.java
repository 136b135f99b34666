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
import java.util.Set;

/**
 * The {@code *Spec.groovy} files under the folders given, in path order. Skipped: build output and tool folders
 * ({@code target}, {@code .git}, {@code node_modules}, {@code .runbook}), and the {@code src/main} and
 * {@code src/test} trees of a Maven or Gradle project: those specs need their build's class path and run with
 * {@code mvn test}, not here.
 */
public final class SpecFiles {
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", ".runbook");

    private SpecFiles() {}

    /** A file given by name is taken as it is (so one spec can be run on its own). */
    public static List<Path> under(List<Path> roots) {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                found.add(root.normalize());
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (isSpec(file)) found.add(file.normalize()); // ./x/ASpec.groovy is shown as x/ASpec.groovy
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found.stream().distinct().sorted().toList();
    }

    static boolean isSpec(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith("Spec.groovy") && name.length() > "Spec.groovy".length();
    }

    static boolean skipped(Path dir) {
        String name = dir.getFileName().toString();
        if (SKIPPED.contains(name)) return true;
        Path parent = dir.getParent();
        return (name.equals("main") || name.equals("test")) && parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("src");
    }
}
