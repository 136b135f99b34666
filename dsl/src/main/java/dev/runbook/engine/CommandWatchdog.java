package dev.runbook.engine;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Kills the commands of a JVM that dies without killing them itself ({@code kill -9}, the OOM killer, a crash). Each
 * command leads a process group of its own (so that a timeout or Ctrl-C takes its whole tree), and a group outlives
 * the JVM that started it: {@code resume} then ran the step again beside the orphan, and the run's locks, freed by the
 * kernel with the JVM, let a second run act on the same target while the orphan still did.
 *
 * <p>One small bash per JVM, in a session of its own (the tool's Ctrl-C and a kill of its process group do not reach
 * it), reads on its stdin a line per group that starts ({@code +PGID}) and ends ({@code -PGID}). When its stdin ends
 * — the JVM is gone, whatever way it went, since the kernel closes the pipe — it sends TERM to the groups still
 * running, and KILL to those left two seconds later. A group that ended is forgotten: what a finished command left
 * running in the background on purpose is left alone, as before. A JVM that could not start it runs without it.
 */
final class CommandWatchdog {
    private static final String SCRIPT = """
            trap '' INT HUP TERM QUIT PIPE
            declare -A groups
            while IFS= read -r line; do
              case $line in
                +*) groups[${line:1}]=1 ;;
                -*) unset "groups[${line:1}]" ;;
              esac
            done
            (( ${#groups[@]} )) || exit 0
            for g in "${!groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || kill -TERM "$g" 2>/dev/null; done
            for i in {1..20}; do
              alive=0
              for g in "${!groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
              (( alive )) || exit 0
              sleep 0.1
            done
            for g in "${!groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || kill -KILL "$g" 2>/dev/null; done
            """;
    private static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");

    private static OutputStream watchdog;
    private static boolean tried;

    private CommandWatchdog() {}

    /** A command's group started: it dies with the JVM unless it ends first. */
    static void started(long pgid) {
        tell("+" + pgid);
    }

    /** The command ended (or was killed): its group is no longer the watchdog's. */
    static void finished(long pgid) {
        tell("-" + pgid);
    }

    private static synchronized void tell(String line) {
        OutputStream out = watchdog();
        if (out == null) return;
        try {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            watchdog = null; // it died: the commands run unwatched, as they did before there was one
        }
    }

    private static OutputStream watchdog() {
        if (tried) return watchdog;
        tried = true;
        if (SETSID == null) return null;
        try {
            Process p = new ProcessBuilder(SETSID, "bash", "--noprofile", "--norc", "-c", SCRIPT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            watchdog = p.getOutputStream();
            // An orderly exit ends the watchdog first. While it lives, the JDK's process reaper waits for it inside
            // waitpid, and the JVM's exit waits up to 300 ms for a thread in native code: every exec paid that
            // (cached 3-step exec 515 -> 841 ms). Its stdin ends here as it would at a crash, so it also ends what
            // commands are still registered, which an orderly exit has killed already.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), "runbook-watchdog-stop"));
        } catch (IOException e) {
            watchdog = null;
        }
        return watchdog;
    }

    private static void stop(Process p) {
        synchronized (CommandWatchdog.class) {
            try {
                if (watchdog != null) watchdog.close();
            } catch (IOException e) {
                // it is gone already
            }
            watchdog = null;
        }
        try {
            p.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) if (new File(p).canExecute()) return p;
        return null;
    }
}
