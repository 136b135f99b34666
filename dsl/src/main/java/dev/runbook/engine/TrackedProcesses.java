package dev.runbook.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes started on behalf of one piece of work (a step attempt, a handler, one fan-out target), so that its
 * timeout kills exactly its own process trees and nothing of the work running beside it. Each set also registers
 * its processes with its parent: a step's timeout kills the processes of its targets, Ctrl-C kills all of the run's.
 */
final class TrackedProcesses implements Shell.Tracker {
    private final TrackedProcesses parent;
    private final Set<ProcessHandle> running = ConcurrentHashMap.newKeySet();
    /** Set by {@link #killNowAndClose}: the JVM is about to exit; a process that starts now is killed as it is told of. */
    private volatile boolean closing;

    TrackedProcesses(TrackedProcesses parent) {
        this.parent = parent;
    }

    @Override
    public void started(ProcessHandle p) {
        running.add(p);
        if (parent != null) parent.started(p);
        else CommandWatchdog.started(p.pid()); // the run's own set: once per command, whatever worker started it
        if (closing) ProcessTree.killNow(p); // started in the moments between killNow and the exit
    }

    @Override
    public void finished(ProcessHandle p) {
        running.remove(p);
        if (parent != null) parent.finished(p);
        else CommandWatchdog.finished(p.pid());
    }

    /** The process trees still running, each killed (TERM, then KILL after a grace) on a virtual thread of its own. */
    void killAll() {
        for (ProcessHandle p : Set.copyOf(running)) Thread.ofVirtual().start(() -> ProcessTree.kill(p, 2000));
    }

    /** At once, no grace period (the operator's second Ctrl-C). */
    void killNow() {
        Set.copyOf(running).forEach(ProcessTree::killNow);
    }

    /**
     * At once, and for good: the JVM is about to exit (a second Ctrl-C in exec, SIGTERM, SIGHUP). The run's threads
     * may still start a command before it does (a handler that follows the killed step): that one is killed as it
     * starts.
     */
    void killNowAndClose() {
        closing = true;
        killNow();
    }
}
