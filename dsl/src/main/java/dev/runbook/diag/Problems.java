package dev.runbook.diag;

import dev.runbook.model.SourcePos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found, so an author sees them all at once instead of one per try. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(SourcePos pos, String message, String hint) {
        Problem p = new Problem(pos, message, hint);
        if (!list.contains(p)) list.add(p);
    }

    public void add(Problem p) {
        if (!list.contains(p)) list.add(p);
    }

    public void addAll(List<Problem> problems) {
        problems.forEach(this::add);
    }

    /** How many were collected so far (to tell whether a part of the file added any). */
    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** In source order, so the list reads top to bottom like the file. */
    public List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing((Problem p) -> p.pos() == null ? "" : p.pos().file())
                        .thenComparingInt(p -> p.pos() == null ? 0 : p.pos().line())
                        .thenComparingInt(p -> p.pos() == null ? 0 : p.pos().column()))
                .toList();
    }

    /** Throws {@link RunbookProblemsException} with everything collected, when anything was. */
    public void throwIfAny() {
        if (!list.isEmpty()) throw new RunbookProblemsException(sorted());
    }
}
