package dev.runbook.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether a run's process is still alive, judged from its journal (pid and host of its latest start or resume). */
public final class RunLiveness {
    private RunLiveness() {}

    /**
     * Whether the process that last wrote this run (its start, or its latest resume) is still alive on this host.
     * A run with no end whose process is gone has crashed and can be resumed; one on another host is assumed alive.
     */
    public static boolean processAlive(List<Event> events) {
        Event writer = null;
        for (Event e : events) {
            if (e.type().equals(EventTypes.RUN_STARTED) || e.type().equals("run.resumed")) writer = e;
            if (e.type().equals(EventTypes.RUN_FINISHED)) writer = null;
        }
        if (writer == null || writer.get("pid") == null) return false;
        String host = writer.str("host");
        if (host != null && !host.equals(thisHost())) return true; // cannot tell from here: assume it runs
        long pid = writer.num("pid");
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** This machine's name, as runs journal it. */
    public static String thisHost() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
