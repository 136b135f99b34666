package dev.runbook.engine;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts commands in a process group of their own and kills whole groups. Killing only the {@code bash} that runs
 * a command leaves its children running (a {@code docker compose up}, a {@code sleep} in a loop); killing the
 * group takes the whole tree, including grandchildren that were orphaned on the way.
 */
final class ProcessTree {
    private static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    private static final String KILL = firstExisting("/usr/bin/kill", "/bin/kill");

    private ProcessTree() {}

    /** {@code setsid bash -c command}: the bash is the leader of a new process group, so its pid is the group id. */
    static List<String> commandLine(String command) {
        return SETSID == null ? List.of("bash", "-c", command) : List.of(SETSID, "bash", "-c", command);
    }

    /**
     * TERM to the group and every descendant, then KILL to what is left after the grace period. Takes a handle, not a
     * {@link Process}: a command started by a {@link ShellHost} is that bash's child, not the JVM's.
     */
    static void kill(ProcessHandle process, long graceMillis) {
        if (process == null) return;
        kill(process.pid(), process, graceMillis);
    }

    /**
     * As {@link #kill(ProcessHandle, long)}, for group {@code pgid}, whose leader may be gone ({@code leader} null): a
     * command that ended at once, leaving a background child, has no handle, only its group's id. Without a leader,
     * the grace period is spent waiting for the group itself.
     */
    static void kill(long pgid, ProcessHandle leader, long graceMillis) {
        if (leader == null && !groupAlive(pgid)) return;
        List<ProcessHandle> tree = leader == null ? List.of() : leader.descendants().toList();
        signalGroup(pgid, "-TERM");
        tree.forEach(ProcessHandle::destroy);
        if (leader != null) leader.destroy();
        try {
            boolean gone = leader != null
                    ? exitedWithin(leader, graceMillis) && tree.stream().noneMatch(ProcessHandle::isAlive) && !groupAlive(pgid)
                    : groupGoneWithin(pgid, graceMillis);
            if (gone) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalGroup(pgid, "-KILL");
        tree.forEach(ProcessHandle::destroyForcibly);
        if (leader != null) leader.destroyForcibly();
    }

    /** KILL to the group and every descendant at once: for "exit now", where there is no time for a grace period. */
    static void killNow(ProcessHandle process) {
        List<ProcessHandle> tree = process.descendants().toList();
        signalGroup(process.pid(), "-KILL");
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Polls rather than {@code onExit()}: for a process that is not the JVM's child the JDK polls too, but only every
     * 300 ms or more, and a killed command should not hold up a step that long.
     */
    private static boolean exitedWithin(ProcessHandle process, long millis) throws InterruptedException {
        return goneWithin(process::isAlive, millis, 2, 50);
    }

    /** Each look at a group forks {@code kill -0}: 20 ms between looks. */
    private static boolean groupGoneWithin(long pgid, long millis) throws InterruptedException {
        return goneWithin(() -> groupAlive(pgid), millis, 20, 20);
    }

    /** Polls {@code alive} until false or {@code millis} pass, the pause doubling from {@code firstPause} to {@code maxPause}. */
    private static boolean goneWithin(java.util.function.BooleanSupplier alive, long millis, long firstPause,
                                      long maxPause) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long pause = firstPause;
        while (alive.getAsBoolean()) {
            if (System.nanoTime() >= deadline) return false;
            Thread.sleep(pause);
            pause = Math.min(maxPause, pause * 2);
        }
        return true;
    }

    private static boolean groupAlive(long pgid) {
        return run(KILL, "-0", "--", "-" + pgid) == 0;
    }

    private static void signalGroup(long pgid, String signal) {
        if (SETSID != null && KILL != null) run(KILL, signal, "--", "-" + pgid);
    }

    private static int run(String... cmd) {
        if (cmd[0] == null) return 1;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : 1;
        } catch (IOException e) {
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) if (new File(p).canExecute()) return p;
        return null;
    }
}
