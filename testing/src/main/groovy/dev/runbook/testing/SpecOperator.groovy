package dev.runbook.testing

import dev.runbook.engine.Operator

import java.time.Duration
import java.util.function.BooleanSupplier

/**
 * The people a spec scripts: the operator at the keyboard ({@code operatorAnswers}) and the approvers who answer
 * approval prompts ({@code approver}). When an approval is asked and no scripted approver fits, the wait goes on
 * in virtual time — the approval's {@code within:} runs out as it would — and after a virtual day the spec fails:
 * the runbook waited for someone the spec never provided.
 */
class SpecOperator implements Operator {
    static final Duration GIVE_UP = Duration.ofHours(24)

    /** name → role, in the order the spec named them */
    final Map<String, String> approvers = [:]
    /** true/false for every manual item, or a map item text (or Pattern) → answer */
    Object manualAnswer = true
    /** the confirmation words the operator types when asked */
    Set<String> words = [] as Set
    final List<String> asked = [].asSynchronized()

    private final VirtualClock clock
    private final CallLog log
    private final List<String> unscripted
    private final Map<String, Set<String>> offered = [:]
    private long waitedMs

    SpecOperator(VirtualClock clock, CallLog log, List<String> unscripted) {
        this.clock = clock
        this.log = log
        this.unscripted = unscripted
    }

    boolean interactive() { true }

    String source() { 'operator' }

    boolean confirm(String text) {
        boolean yes = manualAnswer instanceof Map
                ? (((Map) manualAnswer).find { k, v -> CallLog.matches(k, text) }?.value ?: false) as boolean
                : manualAnswer as boolean
        log.add('manual', "$text → ${yes ? 'confirmed' : 'declined'}".toString(), null)
        yes
    }

    boolean typeWord(String word, String prompt) {
        boolean typed = words.contains(word)
        log.add('confirm', "$word → ${typed ? 'typed' : 'refused'}".toString(), null)
        typed
    }

    @Override
    String askLine(String prompt, BooleanSupplier stop) {
        asked << prompt
        String approval = prompt.takeWhile { it != '(' }.strip()
        Set<String> already = offered.computeIfAbsent(approval) { [] as Set }
        Collection<String> roles = approvers.values().findAll { prompt.contains(it) }
        def next = approvers.find { name, role -> !already.contains(name) && (roles.isEmpty() || roles.contains(role)) }
        if (next != null) {
            already << next.key
            return "${next.key} ${next.value}".toString()
        }
        if (waitedMs >= GIVE_UP.toMillis()) {
            unscripted << "an approval was asked and no scripted approver gave it: $prompt — add approver('NAME', role: 'ROLE')".toString()
            return 'deny the spec scripted no approver for this'
        }
        clock.advance(Duration.ofMinutes(1))
        waitedMs += 60_000
        null
    }
}
