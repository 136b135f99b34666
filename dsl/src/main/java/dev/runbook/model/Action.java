package dev.runbook.model;

import groovy.lang.Closure;

import java.util.List;

/**
 * A piece of runbook code kept for later: a step body, a handler, a {@code when:} condition.
 * The closure is never run by the model; the engine clones it and gives it a run-time delegate.
 *
 * @param commands source text of the commands it runs ({@code sh "..."}), for the plan
 */
public record Action(Closure<?> closure, SourcePos pos, List<String> commands) {
    public Action {
        commands = List.copyOf(commands);
    }
}
