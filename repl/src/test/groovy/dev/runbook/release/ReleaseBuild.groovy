package dev.runbook.release

import dev.runbook.cli.ToolVersion

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The release tarball as scripts/release makes it, from the distribution this build just packaged (these specs run
 * after the package phase, under failsafe): made once per test JVM into a temp folder.
 */
class ReleaseBuild {
    static final Path ROOT = Path.of('..').toAbsolutePath().normalize()
    static final String VERSION = ToolVersion.get()
    private static Path dir

    /** The folder holding runbook-VERSION.tar.gz and its .sha256. */
    static synchronized Path dist() {
        if (dir == null) {
            def out = Files.createTempDirectory('runbook-release-')
            def r = run([ROOT.resolve('scripts/release').toString(), '--no-build', '--out', out.toString()], ROOT)
            if (r.exitCode != 0) throw new IllegalStateException("scripts/release --no-build failed (exit ${r.exitCode}): ${r.output}")
            dir = out
            Runtime.runtime.addShutdownHook(new Thread({ out.toFile().deleteDir() }))
        }
        dir
    }

    static Path tarball() { dist().resolve("runbook-${VERSION}.tar.gz") }

    /** The first word of the .sha256 file scripts/release wrote. */
    static String sha256() { Files.readString(dist().resolve("runbook-${VERSION}.tar.gz.sha256")).split(/\s+/)[0] }

    static Map run(List<String> argv, Path cwd, Map<String, String> env = null, int seconds = 300) {
        def pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
        if (env != null) {
            pb.environment().clear()
            pb.environment().putAll(env)
        }
        def p = pb.start()
        def text = new StringBuilder()
        def reader = Thread.start { text << p.inputStream.getText('UTF-8') }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach { it.destroyForcibly() }
            p.destroyForcibly()
            throw new IllegalStateException("${argv.join(' ')} did not end within $seconds s; it printed: $text")
        }
        reader.join()
        [exitCode: p.exitValue(), output: text.toString()]
    }
}
