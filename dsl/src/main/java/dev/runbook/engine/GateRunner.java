package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.lang.Durations;
import dev.runbook.model.Action;
import dev.runbook.model.Gate;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polls a gate's condition every {@code every} until it holds ({@code sustain}: without a break for that long)
 * or {@code within} runs out. Each poll is bounded by {@code pollTimeout} and by what is left of the window, so a
 * hanging endpoint never stalls the gate. The journal gets the polls whose result changed; the console gets live
 * progress. All time comes from the session's clock, so a 15-minute gate runs in milliseconds on a virtual one.
 */
final class GateRunner {
    /** What one poll needs from the session: run the condition within a time limit, return what it said. */
    interface Poller {
        Poll poll(Action condition, Duration limit);
    }

    /** @param timedOut the poll got no answer within its limit */
    record Poll(boolean ok, String observation, boolean timedOut) {
        Poll(boolean ok, String observation) {
            this(ok, observation, false);
        }
    }

    private final EventBus bus;
    private final Clock clock;
    private final Poller poller;
    private final java.util.function.IntSupplier interrupts;
    private final java.util.function.Supplier<String> stoppedBy;

    GateRunner(EventBus bus, Clock clock, Poller poller, java.util.function.IntSupplier interrupts,
               java.util.function.Supplier<String> stoppedBy) {
        this.bus = bus;
        this.clock = clock;
        this.poller = poller;
        this.interrupts = interrupts;
        this.stoppedBy = stoppedBy;
    }

    /** Returns when the gate passes; throws {@link StepFailure} when it does not. */
    void run(Gate gate, Action condition, boolean dryRun) {
        if (dryRun) {
            bus.emit(EventTypes.GATE_POLL, Map.of("gate", gate.name(), "poll", 0, "ok", true,
                    "observation", "dry run: would wait up to " + Durations.format(gate.within()) + " for it"));
            return;
        }
        long start = clock.millis();
        long window = gate.within().toMillis();
        long sustain = gate.sustain() == null ? 0 : gate.sustain().toMillis();
        long holdingSince = -1;
        int polls = 0;
        Poll last = null;
        int seen = interrupts.getAsInt();
        while (true) {
            long elapsed = clock.millis() - start;
            long left = window - elapsed;
            Duration limit = Duration.ofMillis(Math.max(1, Math.min(gate.pollTimeout().toMillis(), left)));
            Poll p = poller.poll(condition, limit);
            long now = clock.millis() - start;
            if (p.timedOut() && limit.compareTo(gate.pollTimeout()) < 0 && last != null && now >= window) {
                // the window's leftover (often 1 ms) cut this poll short: it observed nothing, so the failure reports
                // what the gate last really saw (issue 19: "no answer within 1ms" hid "GET /health → 503")
                throw failed(gate, sustain > 0 && last.ok() ? held(holdingSince, now, gate) : last.observation(), polls);
            }
            polls++;
            if (p.ok()) {
                if (holdingSince < 0) holdingSince = now;
            } else {
                holdingSince = -1;
            }
            long held = holdingSince < 0 ? 0 : now - holdingSince;
            if (last == null || last.ok() != p.ok() || !last.observation().equals(p.observation())) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("gate", gate.name());
                d.put("poll", polls);
                d.put("ok", p.ok());
                d.put("observation", p.observation());
                d.put("elapsedMs", now);
                bus.emit(EventTypes.GATE_POLL, d);
            }
            last = p;
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("gate", gate.name());
            progress.put("polls", polls);
            progress.put("ok", p.ok());
            progress.put("observation", p.observation());
            progress.put("elapsedMs", now);
            progress.put("withinMs", window);
            if (sustain > 0) {
                progress.put("heldMs", held);
                progress.put("sustainMs", sustain);
            }
            bus.progress(EventTypes.GATE_PROGRESS, progress);
            if (p.ok() && held >= sustain) return;
            if (now >= window) throw failed(gate, sustain > 0 && p.ok() ? held(holdingSince, now, gate) : p.observation(), polls);
            long wait = Math.min(gate.every().toMillis(), window - now);
            if (sustain > 0 && p.ok()) wait = Math.min(wait, Math.max(1, sustain - held));
            try {
                if (!clock.sleep(Duration.ofMillis(Math.max(1, wait)), () -> interrupts.getAsInt() > seen)) {
                    throw new StepFailure("stopped by " + stoppedBy.get(), StepFailure.Kind.ABORTED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure("stopped by " + stoppedBy.get(), StepFailure.Kind.ABORTED);
            }
        }
    }

    private static String held(long holdingSince, long now, Gate gate) {
        long held = holdingSince < 0 ? 0 : now - holdingSince;
        return "held for " + Durations.format(Duration.ofMillis(held)) + " of the " + Durations.format(gate.sustain()) + " needed";
    }

    /** The gate's failure: what it last saw, after how long and how many polls (the text notifications carry). */
    private static StepFailure failed(Gate gate, String detail, int polls) {
        return new StepFailure(detail + " after " + Durations.format(gate.within()) + ", " + polls
                + (polls == 1 ? " poll" : " polls"), StepFailure.Kind.ERROR);
    }

    /** Groovy truth of what a condition returned, and the words for it. */
    static Poll judge(Object value, String observed) {
        boolean ok = DefaultTypeTransformation.castToBoolean(value);
        String observation = observed != null ? observed : "condition is " + ok;
        return new Poll(ok, observation);
    }
}
