package dev.runbook.testing

import dev.runbook.engine.Operator
import dev.runbook.journal.Event
import dev.runbook.journal.EventTypes
import dev.runbook.journal.FileApprovalInbox
import dev.runbook.journal.JournalReader
import dev.runbook.lang.Durations

import java.nio.file.Files
import java.nio.file.Path

import java.time.Duration
import java.util.function.BooleanSupplier

/**
 * The people a spec scripts: the operator at the keyboard ({@code operatorAnswers}) and the approvers who answer
 * approval prompts ({@code approver}), deny them ({@code deny}) or never answer ({@code approvalTimesOut}). When an
 * approval is asked and no scripted approver fits, the wait goes on in virtual time — the approval's {@code within:}
 * runs out as it would, to the second — and after a virtual day the spec fails: the runbook waited for someone the
 * spec never provided.
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
    /** Where the spec's runs are kept (their folders hold the inboxes scripted denials are sent to). */
    Path runsRoot
    /** Scripted denials, in the order the spec wrote them; each is sent once, at the first approval it fits. */
    final List<Denial> denials = []
    /** null: approvers answer; true: nobody answers any approval; a String or Pattern: nobody answers that one. */
    Object timesOut

    /** {@code deny 'bob', reason: '...'}: who denies, as which role, why, and which approval (null: the first asked). */
    static class Denial {
        String name
        String role
        String reason
        Object approval
        boolean sent
    }

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
        String approval = approvalName(prompt)
        Denial denial = denials.find { !it.sent && (it.approval == null || CallLog.matches(it.approval, approval)) }
        if (denial != null) {
            denial.sent = true
            sendDenial(denial, prompt)
            return null     // the run reads the decision from its inbox, as it reads runbook approve --deny
        }
        boolean nobody = timesOut != null && (timesOut == true || CallLog.matches(timesOut, approval))
        if (!nobody) {
            Set<String> already = offered.computeIfAbsent(approval) { [] as Set }
            Collection<String> roles = approvers.values().findAll { prompt.contains(it) }
            def next = approvers.find { name, role -> !already.contains(name) && (roles.isEmpty() || roles.contains(role)) }
            if (next != null) {
                already << next.key
                return "${next.key} ${next.value}".toString()
            }
        }
        if (waitedMs >= GIVE_UP.toMillis()) {
            unscripted << (nobody
                    ? "approvalTimesOut: nobody answered approval '$approval' for ${Durations.format(GIVE_UP)} of virtual time and it did not time out: it has no within:, so the real run would wait until someone answers — give it within: or script an approver".toString()
                    : "an approval was asked and no scripted approver gave it: $prompt — add approver('NAME', role: 'ROLE')".toString())
            return 'deny the spec scripted no approver for this'
        }
        waitUpToAMinute(stop)
        null
    }

    /**
     * Time passes while nobody answers, in steps of a second (of a minute after the first virtual hour), until the
     * run has something to do: a decision arrived, or the approval's {@code within:} ran out (to the second).
     */
    private void waitUpToAMinute(BooleanSupplier stop) {
        Duration tick = waitedMs < Duration.ofHours(1).toMillis() ? Duration.ofSeconds(1) : Duration.ofMinutes(1)
        long until = waitedMs + 60_000
        while (waitedMs < until) {
            clock.advance(tick)
            waitedMs += tick.toMillis()
            if (stop.asBoolean) return
        }
    }

    /** "approver for Roll out (one lead (P1)): name, ..." → "Roll out" */
    private static String approvalName(String prompt) {
        String s = prompt.startsWith('approver for ') ? prompt.substring('approver for '.length()) : prompt
        int paren = s.indexOf(' (')
        paren < 0 ? s.strip() : s.substring(0, paren).strip()
    }

    /**
     * Sends the scripted denial into the waiting run's inbox exactly as {@code runbook approve RUN --deny --as NAME
     * --reason TEXT} does (the answer to this request: its run, approval and nonce), so the engine judges it as it
     * judges any: a denial from someone who could approve stops the run, anyone else's is an objection.
     */
    private void sendDenial(Denial denial, String prompt) {
        def id = (prompt =~ /runbook approve (\S+) --as/)
        Path runDir = id.find() && runsRoot != null ? findRunDir(id.group(1)) : null
        if (runDir == null) {
            unscripted << "deny '${denial.name}': the waiting run's folder was not found under ${runsRoot} (prompt: $prompt)".toString()
            return
        }
        Event request = JournalReader.read(runDir).findAll { it.type() == EventTypes.APPROVAL_REQUESTED }.last()
        Map<String, Object> decision = [by: denial.name, decision: 'deny', run: request.data().run ?: id.group(1),
                                        approval: request.data().approval, nonce: request.data().nonce ?: '',
                                        osUser: System.getProperty('user.name', 'unknown')]
        if (denial.role) decision.role = denial.role
        if (denial.reason) decision.reason = denial.reason
        FileApprovalInbox.send(runDir, decision)
    }

    /** The run folder of this run id: the top run's, or an include's sub-run under its includes/. */
    private Path findRunDir(String runId) {
        Files.walk(runsRoot).withCloseable { s ->
            s.filter { Files.isDirectory(it) && it.fileName.toString() == runId && Files.exists(it.resolve('journal.jsonl')) }.findFirst().orElse(null)
        }
    }
}
