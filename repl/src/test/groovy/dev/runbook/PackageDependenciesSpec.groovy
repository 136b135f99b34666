package dev.runbook

import spock.lang.Specification

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * Which package of the repl module may name which (docs/architecture.md): {@code cli} (the one-shot commands) and
 * {@code repl} (the REPL) never name each other; both use {@code term}; only {@code app} (the entry point and the
 * command tree) names both. Checked twice: in the sources, where an {@code int} constant such as
 * {@code ExitCodes.ENVIRONMENT} is still written down although javac copies its value into the class, and in the
 * compiled classes' constant pools, where every type a class uses is named whichever way the source spelled it.
 */
class PackageDependenciesSpec extends Specification {
    static final Path SOURCES = Path.of('src/main/java')
    /** The folder (or jar) this module's main classes were loaded from. */
    static final Path CLASSES = Path.of(Class.forName('dev.runbook.repl.Repl').protectionDomain.codeSource.location.toURI())

    /** package → the packages of this module it must not name (a package includes its subpackages). */
    static final Map<String, List<String>> FORBIDDEN = [
            'dev.runbook.cli' : ['dev.runbook.repl', 'dev.runbook.app'],
            'dev.runbook.repl': ['dev.runbook.cli', 'dev.runbook.app'],
            'dev.runbook.term': ['dev.runbook.cli', 'dev.runbook.repl', 'dev.runbook.app'],
    ]

    def "no source file of #from names #forbidden"() {
        when:
        def naming = linesNaming(forbidden, sourcesOf(from))

        then:
        naming == []

        where:
        [from, forbidden] << FORBIDDEN.collectMany { from, list -> list.collect { [from, it] } }
    }

    def "no class of #from refers to #forbidden"() {
        when:
        def referring = classesOf(from).findAll { it.bytes.contains(forbidden.replace('.', '/') + '/') }.collect { it.name }

        then:
        referring == []

        where:
        [from, forbidden] << FORBIDDEN.collectMany { from, list -> list.collect { [from, it] } }
    }

    def "the scans see the module's code: each package checked has sources and classes"() {
        when: 'a package moved or renamed without this spec would pass it for having no files'
        def empty = FORBIDDEN.keySet().findAll { sourcesOf(it).isEmpty() || classesOf(it).isEmpty() }

        then:
        empty == [] as Set
    }

    /** {@code FILE:LINE: text} of each line that names the package {@code pkg} (or a package in it). */
    private static List<String> linesNaming(String pkg, List<Map> sources) {
        def name = ~/\b${pkg.replace('.', '\\.')}\b/
        sources.collectMany { source ->
            source.text.readLines().withIndex().findAll { line, i -> line =~ name }
                    .collect { line, i -> "${source.name}:${i + 1}: ${line.strip()}".toString() }
        }
    }

    /** name: the file relative to the source folder; text: its text. */
    private static List<Map> sourcesOf(String pkg) {
        filesUnder(SOURCES.resolve(pkg.replace('.', '/')), '.java').collect {
            [name: SOURCES.relativize(it).toString(), text: Files.readString(it)]
        }
    }

    /** name: the class file relative to the class folder; bytes: its bytes as Latin-1 text (names in it are ASCII). */
    private static List<Map> classesOf(String pkg) {
        filesUnder(CLASSES.resolve(pkg.replace('.', '/')), '.class').collect {
            [name: CLASSES.relativize(it).toString(), bytes: new String(Files.readAllBytes(it), StandardCharsets.ISO_8859_1)]
        }
    }

    private static List<Path> filesUnder(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return []
        Files.walk(dir).withCloseable { s -> s.filter { Files.isRegularFile(it) && it.toString().endsWith(suffix) }.sorted().toList() }
    }
}
