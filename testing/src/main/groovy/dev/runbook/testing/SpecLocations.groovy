package dev.runbook.testing

import groovy.transform.CompileStatic

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.stream.Collectors

/**
 * Where a spec's source file lives, so that {@code load 'rollback.groovy'} means the runbook beside the spec.
 * {@code runbook test} registers each spec it compiles; under Maven or an IDE the spec is found by its file name
 * under the roots in the system property {@code runbook.spec.roots} (default: the working directory).
 */
@CompileStatic
final class SpecLocations {
    private static final Map<String, Path> REGISTERED = new ConcurrentHashMap<>()
    private static final Set<String> SKIP = ['target', '.git', 'node_modules', '.runbook', 'build', '.idea'] as Set

    private SpecLocations() {}

    static void register(String className, Path specFile) {
        REGISTERED[className] = specFile.toAbsolutePath().normalize()
    }

    /** The folder of the spec's source, or null when it cannot be found. */
    static Path folderOf(Class<?> spec) {
        Path known = REGISTERED[spec.name]
        if (known != null) return known.parent
        String file = spec.simpleName + '.groovy'
        String pkgPath = spec.package == null ? '' : spec.package.name.replace('.', '/')
        for (String root : roots()) {
            Path base = Path.of(root)
            if (!Files.isDirectory(base)) continue
            List<Path> found = Files.walk(base, 12).withCloseable { s ->
                s.filter { Path p -> p.fileName?.toString() == file && !skipped(base, p) }.collect(Collectors.toList())
            }
            // a spec in a package is at .../its/package/SpecName.groovy: prefer that one
            Path best = found.find { Path p -> p.parent.toString().replace('\\', '/').endsWith(pkgPath) } ?: (found ? found[0] : null)
            if (best != null) {
                REGISTERED[spec.name] = best.toAbsolutePath().normalize()
                return best.toAbsolutePath().normalize().parent
            }
        }
        null
    }

    private static boolean skipped(Path base, Path p) {
        Path rel = base.relativize(p)
        for (int i = 0; i < rel.nameCount - 1; i++) if (SKIP.contains(rel.getName(i).toString())) return true
        false
    }

    private static List<String> roots() {
        String prop = System.getProperty('runbook.spec.roots')
        prop ? prop.split(File.pathSeparator).toList() : [System.getProperty('user.dir')]
    }
}
