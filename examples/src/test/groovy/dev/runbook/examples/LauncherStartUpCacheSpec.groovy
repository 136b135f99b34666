package dev.runbook.examples

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Instant

/**
 * The launcher's start-up cache (scripts/start-up-cache.sh, scripts/train-aot.sh): trained in the background on
 * first use, used afterwards, and never in the way: a damaged one is ignored in silence. RUNBOOK_AOT_DIR keeps each
 * feature's cache in its own temp folder.
 */
@Requires({ Runtime.version().feature() >= 21 })
class LauncherStartUpCacheSpec extends Specification {
    static final String VERSION_LINE = /runbook \S+ \(commit \S+, Groovy \S+, Java \d+\)\n/

    @TempDir
    Path dir

    def "a stale cache is not used; the run goes ahead at once, the cache is trained again behind it, and later runs use it"() {
        given: 'a cache older than the jar (the jar was rebuilt since)'
        Path cache = expectedCache()
        Files.write(cache, 'not a cache'.bytes)
        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse('2000-01-01T00:00:00Z')))

        when:
        def first = launch([:], '--version')

        then: 'the run is as always'
        first.exitCode == 0
        first.out ==~ VERSION_LINE
        first.err.isEmpty()

        and: 'the training replaces the cache in the background'
        waitFor { Files.size(cache) > 1_000_000 && !Files.exists(Path.of("${cache}.lock")) }

        when:
        def later = launch([RUNBOOK_JAVA_OPTS: '-Xlog:class+load:stderr'], '--version')

        then: "the CLI's classes come from the cache"
        later.exitCode == 0
        later.err.contains('dev.runbook.app.RunbookCli source: shared objects file')
    }

    def "a damaged cache is ignored without a word: the run prints exactly what it prints without one"() {
        given: 'garbage where the cache goes, newer than the jar, so the launcher hands it to the JVM'
        Files.write(expectedCache(), new byte[100_000].tap { new Random(8).nextBytes(it) })

        when:
        def damaged = launch([:], '--version')
        def without = launch([RUNBOOK_AOT: 'off'], '--version')

        then:
        damaged.exitCode == 0
        damaged.out == without.out
        damaged.err.isEmpty()
    }

    @Requires({ Runtime.version().feature() >= 25 })
    def "the cache holds no method profiles, and replaces this JDK's caches of an earlier format"() {
        given: "a cache of the format before this one, for this jar and this JDK"
        Path cache = expectedCache()
        Path older = cache.resolveSibling(cache.fileName.toString()
                .replaceFirst(/-f(\d+)\.aot$/) { all, format -> "-f${(format as int) - 1}.aot" })
        assert older != cache
        Files.write(older, 'a cache of the earlier format'.bytes)

        when: 'the cache is trained'
        def training = script('scripts/train-aot.sh --force')

        then: 'the new one is in place and the earlier format is gone'
        training.exitCode == 0
        training.out.trim() == cache.toString()
        Files.size(cache) > 1_000_000
        !Files.exists(older)

        when: "a JVM with the launcher's flags lists the method profiles the cache holds"
        def profiles = script('"$JAVA_HOME/bin/java" "${RUNBOOK_JVM_FLAGS[@]}" -XX:AOTCache="$0" -XX:AOTMode=on ' +
                '-XX:+UnlockDiagnosticVMOptions -XX:+AOTPrintTrainingInfo -jar repl/target/lib/runbook.jar --version',
                cache.toString())

        then: 'none: on JDK 25 they would be replayed as compilations at start-up, competing with the run for the cores'
        profiles.exitCode == 0
        profiles.out.contains('Archived TrainingData Dictionary')
        !(profiles.out =~ /(?m)^\s*\d+: /)
    }

    def "RUNBOOK_AOT=off neither uses nor trains a cache"() {
        when:
        def run = launch([RUNBOOK_AOT: 'off'], '--version')

        then: 'the launcher starts a training (and takes its lock) before the run, so none was started'
        run.exitCode == 0
        Files.list(dir).toList().isEmpty()
    }

    private Launcher.Result launch(Map<String, String> env, String... args) {
        Launcher.run(dir, [RUNBOOK_AOT_DIR: dir.toString()] + env, args).tap {
            // the launcher's own output files live in dir too: keep only what the launcher's caching made
            Files.list(dir).filter { it.fileName.toString().startsWith('launch-') }.forEach { Files.delete(it) }
        }
    }

    /** A bash command with scripts/find-jdk.sh and scripts/start-up-cache.sh sourced, this JVM's JDK as JAVA_HOME. */
    private Map script(String command, String... args) {
        def pb = new ProcessBuilder(['bash', '-c', '. scripts/find-jdk.sh; . scripts/start-up-cache.sh; ' + command] +
                (args as List)).redirectErrorStream(true)
        pb.environment().putAll(JAVA_HOME: System.getProperty('java.home'), RUNBOOK_AOT_DIR: dir.toString())
        def p = pb.start()
        String out = p.inputStream.text
        [exitCode: p.waitFor(), out: out]
    }

    /** Where the launcher looks for the cache of this checkout's jar and this JVM's JDK (its own lookup). */
    private Path expectedCache() {
        def located = script('startup_cache_locate "$JAVA_HOME" "$(pwd -P)/repl/target/lib/runbook.jar"; printf %s "$STARTUP_CACHE"')
        assert located.exitCode == 0 && located.out
        Path.of(located.out)
    }

    private static void waitFor(Closure<Boolean> condition) {
        long end = System.nanoTime() + 5L * 60 * 1_000_000_000 // training takes seconds; a busy build machine, minutes
        while (!condition()) {
            assert System.nanoTime() < end: 'the start-up cache was not trained within 5 minutes'
            Thread.sleep(500)
        }
    }
}
