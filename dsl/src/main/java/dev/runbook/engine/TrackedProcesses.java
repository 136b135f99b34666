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

    TrackedProcesses(TrackedProcesses parent) {
        this.parent = parent;
    }

    @Override
    public void started(ProcessHandle p) {
        running.add(p);
        if (parent != null) parent.started(p);
    }

    @Override
    public void finished(ProcessHandle p) {
        running.remove(p);
        if (parent != null) parent.finished(p);
    }

    /** The process trees still running, each killed (TERM, then KILL after a grace) on a virtual thread of its own. */
    void killAll() {
        for (ProcessHandle p : Set.copyOf(running)) Thread.ofVirtual().start(() -> ProcessTree.kill(p, 2000));
    }

    /** At once (the operator's second Ctrl-C): the JVM is about to exit. */
    void killNow() {
        Set.copyOf(running).forEach(ProcessTree::killNow);
    }
}
