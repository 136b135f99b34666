package dev.runbook.serve;

/**
 * The latest state of one run's page, as the next server-sent event to send: the watcher publishes, every
 * connected page's stream waits here for a version newer than the one it sent.
 */
final class RunFeed {
    record Message(long version, String json) {}

    private Message latest = new Message(0, null);
    private int subscribers;

    synchronized void publish(String json) {
        latest = new Message(latest.version() + 1, json);
        notifyAll();
    }

    /** The first message newer than {@code version}, or null when none came within {@code timeoutMs}. */
    synchronized Message awaitAfter(long version, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (latest.version() <= version || latest.json() == null) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return null;
            wait(left);
        }
        return latest;
    }

    /** The latest message's JSON without waiting; null before the first. */
    synchronized String current() {
        return latest.json();
    }

    synchronized void join() { subscribers++; }

    synchronized int leave() { return --subscribers; }

    synchronized int subscribers() { return subscribers; }
}
