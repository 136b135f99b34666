package dev.runbook.diag;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input (a runbook file, params, flags): exit code 2, shown as a list, never as a stack trace. */
public final class RunbookProblemsException extends RuntimeException {
    private final List<Problem> problems;

    public RunbookProblemsException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
