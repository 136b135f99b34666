package dev.runbook.testing

import groovy.transform.CompileStatic
import groovy.transform.Immutable

import java.util.concurrent.CopyOnWriteArrayList

/**
 * Everything a runbook did to the (fake) world during one spec run, in order: commands, HTTP requests,
 * integration calls and notifications, each with the step it ran in. The spec's {@code ran}, {@code called},
 * {@code requested} and {@code notified} read it, and print it when an assertion fails.
 */
@CompileStatic
class CallLog {
    @Immutable
    static class Call {
        /** sh, http, notify, or the integration's name (docker, k8s ...) */
        String kind
        String text
        String step

        String toString() { "[${step ?: '-'}] $kind: $text" }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>()

    void add(String kind, String text, String step) {
        calls << new Call(kind, text, step)
    }

    List<Call> getAll() { List.copyOf(calls) }

    List<Call> of(String kind) { calls.findAll { it.kind == kind } }

    /** Whether {@code text} matches a call: a Pattern is searched for; a String must equal it or be part of it. */
    static boolean matches(Object expected, String text) {
        if (expected instanceof java.util.regex.Pattern) return ((java.util.regex.Pattern) expected).matcher(text).find()
        String s = String.valueOf(expected)
        text == s || text.contains(s)
    }

    String describe(List<Call> which) {
        which.isEmpty() ? '  (none)' : which.collect { '  ' + it }.join('\n')
    }
}
