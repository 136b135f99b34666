package dev.runbook.cli

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Headless Chromium (Debian's {@code chromium}) for specs that check a page renders: DOM dump and screenshot. */
class Chromium {
    private static final List<String> CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

    /** The browser, or null when none is installed. */
    static String binary() {
        CANDIDATES.find { Files.isExecutable(Path.of(it)) }
    }

    /** The specs run when a browser is here, or when RUNBOOK_REQUIRE_REAL_PARTS=1 says a missing one must fail. */
    static boolean runnable() {
        binary() != null || System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') == '1'
    }

    /** Loads {@code page} and returns the DOM after scripts and layout, serialized. */
    static String dumpDom(Path page, Path scratch) {
        run(scratch, ['--dump-dom', page.toUri().toString()])
    }

    /** Loads {@code page} and saves a PNG screenshot of the window to {@code png}. */
    static void screenshot(Path page, Path png, Path scratch) {
        run(scratch, ["--screenshot=${png}".toString(), '--window-size=1100,1400', page.toUri().toString()])
    }

    private static String run(Path scratch, List<String> args) {
        String bin = binary()
        if (bin == null) throw new IllegalStateException('chromium is not installed — run .ci/install-chromium.sh')
        Path profile = Files.createTempDirectory(scratch, 'chromium-profile')
        def cmd = [bin, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                   '--disable-component-update', '--no-first-run', "--user-data-dir=${profile}".toString()] + args
        def p = new ProcessBuilder(cmd).redirectError(scratch.resolve('chromium-err.txt').toFile()).start()
        def out = new ByteArrayOutputStream()
        def reader = Thread.start { out << p.inputStream }
        try {
            assert p.waitFor(90, TimeUnit.SECONDS): 'chromium did not finish within 90 s'
            reader.join(10_000)
            assert p.exitValue() == 0: "chromium exited ${p.exitValue()}: ${scratch.resolve('chromium-err.txt').toFile().text}"
        } finally {
            p.toHandle().descendants().forEach { it.destroyForcibly() }
            p.destroyForcibly()
        }
        out.toString('UTF-8')
    }
}
