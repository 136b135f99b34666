package dev.runbook.examples

import groovy.transform.Canonical

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Runs the real {@code ./runbook} launcher of the checkout (the examples' specs run in the repository root). */
class Launcher {
    /** What one launch returned and printed. */
    @Canonical
    static class Result {
        int exitCode
        String out
        String err
    }

    /** The launcher's first run may build the tool (about a minute); a run of the quickstart takes seconds. */
    private static final long LIMIT_MINUTES = 5

    /**
     * Runs {@code ./runbook args...} with {@code env} added to this JVM's environment and JAVA_HOME set to this
     * JVM's JDK (so the launcher and the demo service do not pick an older default java).
     */
    static Result run(Path outputDir, Map<String, String> env, String... args) {
        def launcher = new File('runbook')
        assert launcher.canExecute(): "the examples' specs must run in the repository root (found no ./runbook in ${new File('').absolutePath})"
        def pb = new ProcessBuilder(['./runbook'] + args.toList())
        pb.environment().putAll(env)
        pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
        pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        def out = outputDir.resolve("launch-${System.nanoTime()}.out")
        def err = outputDir.resolve("launch-${System.nanoTime()}.err")
        pb.redirectOutput(out.toFile())
        pb.redirectError(err.toFile())
        def process = pb.start()
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.toHandle().descendants().forEach { it.destroyForcibly() }
            process.destroyForcibly()
            assert false: "./runbook ${args.join(' ')} did not end within ${LIMIT_MINUTES} minutes:\n${Files.readString(out)}\n${Files.readString(err)}"
        }
        new Result(process.exitValue(), Files.readString(out), Files.readString(err))
    }
}
