package dev.runbook.golden

import com.fasterxml.jackson.databind.ObjectMapper
import dev.runbook.journal.Event
import dev.runbook.journal.EventTypes

import java.util.regex.Pattern

/**
 * Turns a run's journal into text that is the same on every run of the same runbook with the same answers. What the
 * engine decides stays: the event types, their order and every field. What the machine or the moment decides is
 * replaced by a placeholder:
 * <ul>
 *   <li>{@code seq} and {@code ts} are left out. {@link #lines} first checks that {@code seq} goes 1, 2, 3... with
 *       no gap (a resumed run keeps the numbering going), so line N of the output is event N. An event added or
 *       dropped then shows up in a diff as one line, not as a change to every line after it.</li>
 *   <li>Run ids become {@code <run-1>}, {@code <run-2>}... in the order they first appear (an include's sub-run
 *       has an id of its own). So the output still shows which id is which.</li>
 *   <li>Timings ({@link #TIMINGS}) become {@code <ms>}. Limits and windows that come from the runbook
 *       ({@code timeoutMs}, {@code withinMs}, {@code retryInMs}...) are kept.</li>
 *   <li>{@code host} and {@code pid} and {@code osUser} become {@code <host>}, {@code <pid>} and {@code <osUser>}.</li>
 *   <li>Texts given to {@link #replace} (temp folders, the working directory, a runbook's content hash) become
 *       their placeholders, wherever they appear in a value.</li>
 * </ul>
 * Events that threads write at the same time come in any order. Inside one fan-out, each target's events are
 * moved together, in target order. Inside one {@code parallel} block, each step's events are moved together, in
 * the block's order. Each target or step keeps its own events in the order it wrote them, and every other event
 * stays where it is in the journal.
 * <p>
 * Each line is one JSON object. The keys come in a fixed order: {@code type}, then {@code step}, then the rest
 * A to Z (nested objects A to Z too). So a diff shows changed values and not keys that moved.
 */
final class JournalNormaliser {
    /** How long something took: set by the clock and the threads, not by the engine's decisions. */
    static final Set<String> TIMINGS = ['durationMs', 'ms', 'waitedMs', 'elapsedMs', 'heldMs'] as Set
    /** Which process on which machine wrote the event (top-level fields only: a param may be called host). */
    static final Set<String> MACHINE = ['host', 'pid', 'osUser'] as Set
    /** {@code 20260101-030000-3fa1}: the UTC start time and four random hex digits (RunSession). */
    static final Pattern RUN_ID = ~/\b\d{8}-\d{6}-[0-9a-f]{4}\b/

    private static final ObjectMapper JSON = new ObjectMapper()

    private final Map<String, String> literals = [:]
    private final Map<String, String> runIds = [:]

    /** Replaces {@code text} with {@code placeholder} wherever it appears in a value; longer texts are replaced first. */
    JournalNormaliser replace(Object text, String placeholder) {
        String t = String.valueOf(text)
        assert t.length() > 3: "too short to replace safely: '$t'"
        literals[t] = placeholder
        this
    }

    /**
     * The journal as normalised lines, one per event. One normaliser can be used for several journals of the same
     * case, for example a run and the sub-run of its include, and a run id gets the same placeholder in all of them.
     */
    List<String> lines(List<Event> journal) {
        checkNumbering(journal)
        inDeterministicOrder(journal).collect { render(it) }
    }

    /** Each event has seq equal to its line number. A resumed run goes on from the last event of the run before. */
    private static void checkNumbering(List<Event> journal) {
        List<Long> seqs = journal*.seq()
        List<Long> expected = (1..journal.size()).collect { it as long }
        if (seqs != expected) {
            int at = (0..<journal.size()).find { seqs[it] != expected[it] }
            throw new AssertionError("the journal's seq does not count 1, 2, 3... without a gap: event ${at + 1} has seq ${seqs[at]}".toString())
        }
    }

    // ---- order -----------------------------------------------------------------------------------------------------

    /**
     * Events that threads write at the same time, put in an order that does not depend on timing. A fan-out runs
     * from its fanout.started to its fanout.finished (the same step). A parallel block runs from its step.started,
     * which lists its steps, to its own step.finished. A region with no end (a journal cut off in the middle) runs
     * to the end of the journal.
     */
    static List<Event> inDeterministicOrder(List<Event> journal) {
        List<Event> events = new ArrayList<>(journal)
        for (int start = 0; start < events.size(); start++) {
            Event e = events[start]
            if (e.type() == EventTypes.FANOUT_STARTED) {
                String step = e.str('step')
                int end = endOf(events, start) { Event x -> x.type() == EventTypes.FANOUT_FINISHED && x.str('step') == step }
                Map<String, Integer> order = targetOrder(events.subList(start, end))
                sortWithin(events, start + 1, end, { Event x -> x.str('step') == step && targetOf(x) != null },
                        { Event x -> order.getOrDefault(targetOf(x), Integer.MAX_VALUE) })
            } else if (e.type() == EventTypes.STEP_STARTED && e.get('steps') instanceof List) {
                List<String> steps = (e.get('steps') as List).collect { String.valueOf(it) }
                String block = e.str('step')
                int end = endOf(events, start) { Event x -> x.type() == EventTypes.STEP_FINISHED && x.str('step') == block }
                sortWithin(events, start + 1, end, { Event x -> ownerStep(steps, x.str('step')) != null },
                        { Event x -> steps.indexOf(ownerStep(steps, x.str('step'))) })
            }
        }
        events
    }

    /** The index of the first event after {@code start} that ends the region, or the journal's size. */
    private static int endOf(List<Event> events, int start, Closure<Boolean> isEnd) {
        for (int i = start + 1; i < events.size(); i++) if (isEnd(events[i])) return i
        events.size()
    }

    /**
     * Sorts the events in positions [from, to) that {@code belongs} accepts, by {@code key}, and puts them back
     * in the positions they took up. The sort is stable, so each group keeps its own order. Events that do not
     * belong stay where they are.
     */
    private static void sortWithin(List<Event> events, int from, int to, Closure<Boolean> belongs, Closure<Integer> key) {
        List<Integer> slots = (from..<to).findAll { belongs(events[it]) }
        List<Event> sorted = slots.collect { events[it] }.sort(false) { Event x -> key(x) } // Groovy's sort is stable
        slots.eachWithIndex { int slot, int i -> events[slot] = sorted[i] }
    }

    /** A target's place in its fan-out: fanout.target carries the index. A target listed twice gets the first one. */
    private static Map<String, Integer> targetOrder(List<Event> region) {
        Map<String, Integer> order = [:]
        region.findAll { it.type() == EventTypes.FANOUT_TARGET }.each { Event t ->
            String target = t.str('target')
            int index = t.num('index') as int
            if (!order.containsKey(target) || order[target] > index) order[target] = index
        }
        order
    }

    /** The target an event belongs to: fanout.target names it, and a target's commands, output and logs carry it. */
    private static String targetOf(Event e) {
        e.type() == EventTypes.FANOUT_TARGET ? e.str('target') : e.str('fanOutTarget')
    }

    /**
     * The step of a parallel block that an event belongs to. A step's own events name it. Its onFailure handler
     * writes its commands and logs as "step onFailure of NAME".
     */
    private static String ownerStep(List<String> steps, String label) {
        if (label == null) return null
        steps.find { label == it || label.endsWith(' of ' + it) }
    }

    // ---- one line --------------------------------------------------------------------------------------------------

    private String render(Event e) {
        Map<String, Object> line = new LinkedHashMap<>()
        line.type = e.type()
        if (e.data().containsKey('step')) line.step = value('step', e.get('step'))
        e.data().keySet().findAll { it != 'step' }.sort().each { String k ->
            line[k] = MACHINE.contains(k) ? "<$k>".toString() : value(k, e.data()[k])
        }
        JSON.writeValueAsString(line)
    }

    private Object value(String key, Object v) {
        if (TIMINGS.contains(key) && v instanceof Number) return '<ms>'
        if (key == 'nonce' && v instanceof String) return '<nonce>' // random per approval request (it binds decisions to it)
        // a fan-out's slowest target depends on how the threads were scheduled (and on a virtual clock, on which
        // thread moved the shared time): its place is kept, its name is not
        if (key == 'slowest' && v instanceof Map) return [ms: '<ms>', target: '<timing-dependent>']
        if (v instanceof Map) {
            Map<String, Object> sorted = new LinkedHashMap<>()
            (v as Map).keySet().collect { String.valueOf(it) }.sort().each { String k -> sorted[k] = value(k, (v as Map)[k]) }
            return sorted
        }
        if (v instanceof List) return (v as List).collect { value(key, it) }
        if (v instanceof CharSequence) return text(v.toString())
        v
    }

    private String text(String s) {
        String out = s
        literals.keySet().sort { -it.length() }.each { String literal -> out = out.replace(literal, literals[literal]) }
        RUN_ID.matcher(out).replaceAll { m ->
            java.util.regex.Matcher.quoteReplacement(runIds.computeIfAbsent(m.group()) { "<run-${runIds.size() + 1}>".toString() })
        }
    }
}
