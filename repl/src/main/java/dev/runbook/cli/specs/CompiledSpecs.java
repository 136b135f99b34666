package dev.runbook.cli.specs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The spec files compiled and loaded.
 *
 * @param loader   defines the compiled classes; the context class loader while they run
 * @param specs    the runnable Spock specifications (not abstract), in file order
 * @param sources  each top-level class's spec file, as found (for failure locations)
 * @param notSpecs the files that hold no runnable specification (worth a warning: they would never run)
 */
public record CompiledSpecs(ClassLoader loader, List<Class<?>> specs, Map<String, Path> sources, List<Path> notSpecs) {
}
