package dev.runbook.integrations.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds a program the way a shell would: on the run's {@code PATH}, then in a few known folders. */
public final class Executables {
    private Executables() {}

    /**
     * @param names     candidate names, in order of preference ({@code flyctl}, {@code fly})
     * @param env       the run's environment; its {@code PATH} is searched
     * @param extraDirs searched after {@code PATH}
     */
    public static Optional<Path> find(List<String> names, Map<String, String> env, List<Path> extraDirs) {
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
            for (Path dir : extraDirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
