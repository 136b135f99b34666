package dev.runbook.engine

import java.nio.file.Files
import java.nio.file.Path

/** Looks at OS processes the way {@code ps} would, for specs about killing process trees. */
final class Processes {
    private Processes() {}

    /**
     * True when the pid runs no more. A killed orphan may stay a zombie when the container's init does not reap
     * it; a zombie runs nothing, so it counts as gone.
     */
    static boolean gone(long pid) {
        Path stat = Path.of("/proc/$pid/stat")
        if (!Files.exists(stat)) return true
        try {
            String s = Files.readString(stat)
            // "pid (comm) S ..." — the state follows the last ')'
            return s.substring(s.lastIndexOf(')') + 2).startsWith('Z')
        } catch (IOException ignored) {
            return true
        }
    }

    /** The pid a command wrote to {@code file}, waiting for it to appear. */
    static long pidFrom(Path file, double seconds = 5) {
        assert Poll.within(seconds) { Files.exists(file) && Files.readString(file).trim() ==~ /\d+/ }, "no pid in $file"
        Files.readString(file).trim() as long
    }

    /** Kills a process a test left behind on purpose. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent { it.destroyForcibly() }
    }
}
