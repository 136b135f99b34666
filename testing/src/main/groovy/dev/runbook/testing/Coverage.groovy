package dev.runbook.testing

import dev.runbook.journal.Event
import dev.runbook.journal.EventTypes
import dev.runbook.journal.JournalReader
import dev.runbook.model.Gate
import dev.runbook.model.Include
import dev.runbook.model.Runbook
import dev.runbook.model.Step
import groovy.transform.CompileStatic

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap

/**
 * Which parts of each runbook the specs of this JVM exercised: its steps, the steps' {@code onFailure} handlers,
 * its gates, the runbook's {@code onFailure} and {@code always}. Every spec run adds to it; {@code runbook test}
 * prints it per runbook and flags {@code onFailure} paths that no spec reached.
 */
@CompileStatic
final class Coverage {
    /** One thing a spec can reach. */
    static final class Item {
        /** step, step onFailure, gate, onFailure, always */
        final String kind
        final String name
        volatile boolean reached
        /** Handlers: how many runs it finished in, and how many it failed in itself (with the last error). */
        volatile int finishedOk
        volatile int crashes
        volatile String error

        Item(String kind, String name) {
            this.kind = kind
            this.name = name
        }

        boolean isHandler() { kind.endsWith('onFailure') }

        /**
         * A handler that failed itself in every run that reached it: reached, but it never did its job, so it is
         * not covered.
         */
        boolean isCrashed() { crashes > 0 && finishedOk == 0 }

        String getLabel() { kind == 'step' || kind == 'gate' ? "$kind '$name'" : kind == 'step onFailure' ? "onFailure of '$name'" : kind }
    }

    /** One runbook's items, in the order of the file. */
    static final class RunbookCoverage {
        final String source
        final String name
        final List<Item> items
        /** A spec loaded it ({@code load}, {@code stdlib}); else it is known through an include, or only listed. */
        volatile boolean loadedBySpec

        RunbookCoverage(String source, String name, List<Item> items) {
            this.source = source
            this.name = name
            this.items = List.copyOf(items)
        }

        int getReachedCount() { items.count { it.reached } as int }

        /** The {@code onFailure} handlers no spec ran. */
        List<Item> getUnreachedHandlers() { items.findAll { it.handler && !it.reached } }

        List<Item> getUnreached() { items.findAll { !it.reached } }

        /** The handlers ({@code onFailure} and {@code always}) that failed themselves in every run that reached them. */
        List<Item> getCrashedHandlers() { items.findAll { it.crashed } }

        /** No spec loaded it, and none ran any of it through an include. */
        boolean isUntested() { !loadedBySpec && reachedCount == 0 }
    }

    private static final Coverage GLOBAL = new Coverage()

    static Coverage global() { GLOBAL }

    private final Map<String, RunbookCoverage> runbooks = new ConcurrentHashMap<>()

    /** Everything recorded so far, by runbook source path. */
    List<RunbookCoverage> getRunbooks() { runbooks.values().sort { it.source } }

    void reset() { runbooks.clear() }

    /** Makes a runbook's items known (unreached) as soon as a spec loads it, and those of the runbooks it includes. */
    RunbookCoverage track(Runbook rb) {
        RunbookCoverage c = entry(rb)
        c.loadedBySpec = true
        c
    }

    /**
     * Makes a runbook known that no spec may load ({@code runbook test} lists every runbook under its folders):
     * if none does, it is shown as untested.
     */
    RunbookCoverage list(Runbook rb) {
        entry(rb)
    }

    private RunbookCoverage entry(Runbook rb) {
        rb.nodes().each { if (it instanceof Include && ((Include) it).target() != null) entry(((Include) it).target()) }
        runbooks.computeIfAbsent(rb.source()) { String s -> new RunbookCoverage(s, rb.name(), itemsOf(rb)) }
    }

    /**
     * Marks what a run reached, and what the sub-runs of its {@code include}s reached in the runbooks they
     * included (their journals are in the run's folder, under includes/).
     */
    void recordRun(Runbook rb, Path runDir, List<Event> journal) {
        record(rb, journal)
        Path includes = runDir.resolve('includes')
        if (!Files.isDirectory(includes)) return
        Map<String, Runbook> targets = [:]
        rb.nodes().each { if (it instanceof Include && ((Include) it).target() != null) targets[((Include) it).target().name()] = ((Include) it).target() }
        Files.list(includes).withCloseable { s ->
            s.filter { Files.isDirectory(it) }.forEach { Path sub ->
                List<Event> events = JournalReader.read(sub)
                Event started = events.find { it.type() == EventTypes.RUN_STARTED }
                Runbook target = started == null ? null : targets[String.valueOf(started.data().runbook)]
                if (target != null) recordRun(target, sub, events)
            }
        }
    }

    /** Marks what a run's journal shows it reached. */
    void record(Runbook rb, List<Event> journal) {
        RunbookCoverage c = entry(rb)
        for (Event e : journal) {
            Map d = e.data()
            switch (e.type()) {
                case EventTypes.STEP_STARTED -> mark(c, 'step', d.step)
                case EventTypes.GATE_POLL -> mark(c, 'gate', d.gate)
                case EventTypes.HANDLER_STARTED -> mark(c, String.valueOf(d.handler), d.step ?: d.handler)
                case EventTypes.HANDLER_FINISHED -> finished(c, String.valueOf(d.handler), d.step ?: d.handler, d)
                default -> {}
            }
        }
    }

    private static void finished(RunbookCoverage c, String kind, Object name, Map d) {
        c.items.findAll { it.kind == kind && it.name == String.valueOf(name) }.each { Item i ->
            synchronized (i) {
                if (d.status == 'failed') {
                    i.crashes++
                    i.error = String.valueOf(d.error)
                } else if (d.status == 'ok') {
                    i.finishedOk++
                }
            }
        }
    }

    private static void mark(RunbookCoverage c, String kind, Object name) {
        c.items.findAll { it.kind == kind && it.name == String.valueOf(name) }.each { it.reached = true }
    }

    private static List<Item> itemsOf(Runbook rb) {
        List<Item> items = []
        rb.nodes().each { node ->
            if (node instanceof Step) {
                items << new Item('step', node.name())
                if (((Step) node).onFailure() != null) items << new Item('step onFailure', node.name())
            } else if (node instanceof Gate) {
                items << new Item('gate', node.name())
            } else if (node instanceof Include) {
                items << new Item('step', node.name())
            }
        }
        if (rb.onFailure() != null) items << new Item('onFailure', 'onFailure')
        if (rb.always() != null) items << new Item('always', 'always')
        items
    }
}
