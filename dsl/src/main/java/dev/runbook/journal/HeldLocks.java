package dev.runbook.journal;

import java.util.List;

/** The locks a run holds; closing frees them. A process that dies frees them too (flock, database session). */
public interface HeldLocks extends AutoCloseable {
    HeldLocks NONE = new HeldLocks() {
        public List<String> keys() { return List.of(); }
        public long waitedMs() { return 0; }
        public void close() {}
    };

    List<String> keys();

    /** How long the run waited for them (--wait). */
    long waitedMs();

    @Override
    void close();
}
