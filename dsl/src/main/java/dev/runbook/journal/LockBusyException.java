package dev.runbook.journal;

/** A lock the run needs is held by another run; says who holds it, since when, and which run. */
public final class LockBusyException extends RuntimeException {
    private final String key;
    private final transient LockHolder holder;

    public LockBusyException(String key, LockHolder holder, String waited) {
        super("lock '" + key + "' is held by " + (holder == null ? "another run (it did not say which)" : holder.describe())
                + (waited == null ? "" : "; waited " + waited));
        this.key = key;
        this.holder = holder;
    }

    public String key() { return key; }

    /** null when the holder left no record of itself */
    public LockHolder holder() { return holder; }
}
