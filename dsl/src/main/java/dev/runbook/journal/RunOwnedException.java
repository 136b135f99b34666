package dev.runbook.journal;

/**
 * A run already has an owner: the live run, or one resume of it. A run has exactly one owner at a time on every
 * store, so two resumes started at the same moment never both run its steps; the second is refused with this,
 * which says who holds the run.
 */
public final class RunOwnedException extends JournalException {
    public RunOwnedException(String message) {
        super(message, null);
    }

    /** "run ID is held by process 4242 on web-1 since 2026-…Z (runbook resume …)" and what to do about it. */
    public static RunOwnedException heldBy(String runId, String holder) {
        return new RunOwnedException("run " + runId + " is held by " + (holder == null ? "another process (it did not say which)" : holder)
                + " — one process at a time runs a run: wait for it to end, or stop that process");
    }

    /** The run was written after this process read it (another resume, now ended): what it read is out of date. */
    public static RunOwnedException changedSinceRead(String runId) {
        return new RunOwnedException("run " + runId + " was written by another process while this one read it"
                + " (another resume?) — run the command again to go on from where it is now");
    }
}
