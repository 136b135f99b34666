package dev.runbook.diag;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A run refused before anything ran because a guard would not hold (a {@code confirm} word nobody will type): exit
 * code 3, like a declined prompt, shown as a list of {@code file:line:col} problems, never as a stack trace.
 */
public final class RunRefusedException extends RuntimeException {
    private final List<Problem> problems;

    public RunRefusedException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
