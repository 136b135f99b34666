package dev.runbook.examples

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * {@code runbook test [--real] TARGET} as a user runs it: the CLI jar of this build in its own process, with only
 * PATH, HOME and the given variables in its environment (nothing of this JVM's leaks in), stdin from /dev/null.
 */
class RunbookTestProcess {
    /** What it printed (stdout and stderr, as they came) and its exit code: {@code [exitCode: …, out: …]}. */
    static Map run(Map<String, String> env, String target, boolean real, Path scratch) {
        def jar = new File('repl/target/lib/runbook.jar')
        assert jar.file: "build the CLI first (mvn -pl repl -am package): no ${jar.absolutePath}"
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def pb = new ProcessBuilder([java, '--enable-native-access=ALL-UNNAMED', '-jar', jar.path, 'test'] + (real ? ['--real'] : []) + [target])
        pb.environment().clear()
        pb.environment().putAll([PATH: System.getenv('PATH'), HOME: System.getenv('HOME') ?: '/root', LANG: 'C.UTF-8', NO_COLOR: '1'] + env)
        pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        pb.redirectErrorStream(true)
        def out = scratch.resolve("test-${System.nanoTime()}.out")
        pb.redirectOutput(out.toFile())
        def p = pb.start()
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.toHandle().descendants().forEach { it.destroyForcibly() }
            p.destroyForcibly()
            assert false: "runbook test did not end within 5 minutes:\n${Files.readString(out)}"
        }
        println Files.readString(out)
        [exitCode: p.exitValue(), out: Files.readString(out)]
    }
}
