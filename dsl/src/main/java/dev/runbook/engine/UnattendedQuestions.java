package dev.runbook.engine;

import dev.runbook.diag.Problems;
import dev.runbook.diag.RunRefusedException;
import dev.runbook.model.Action;
import dev.runbook.model.Confirm;
import dev.runbook.model.Include;
import dev.runbook.model.Manual;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePos;
import dev.runbook.model.Step;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before anything runs, a run that will ask questions nobody can answer: a {@code manual} item with nobody
 * at a terminal and no {@code --yes} (bad input, exit 2), a {@code confirm} word that nobody will type and that
 * {@code --confirm} did not give (exit 3: the guard holds, as a declined prompt would). A dry run asks nothing.
 */
final class UnattendedQuestions {
    private static final String NO_TERMINAL_HINT = "run it in a terminal, or pass --yes to confirm it";
    /** {@code confirm 'WORD'}, {@code confirm('WORD')}, {@code confirm prompt: '...', 'WORD'}: the word it asks for. */
    private static final Pattern CONFIRM_WORD = Pattern.compile(
            "confirm\\s*\\(?\\s*(?:prompt\\s*:\\s*(['\"]).*?\\1\\s*,\\s*)?(['\"])([^'\"\\s$]+)\\2.*");

    private final Operator operator;
    private final Problems manual = new Problems();
    private final Problems words = new Problems();

    private UnattendedQuestions(Operator operator) {
        this.operator = operator;
    }

    static void refuse(Runbook runbook, RunOptions options, Operator operator) {
        if (options.dryRun()) return;
        new UnattendedQuestions(operator).check(runbook);
    }

    private void check(Runbook runbook) {
        questionsOf(runbook);
        if (!words.isEmpty()) {
            words.addAll(manual.sorted());
            throw new RunRefusedException(words.sorted());
        }
        manual.throwIfAny();
    }

    /**
     * The questions {@code runbook} will ask, and those of the runbooks it includes. A confirm word behind a
     * {@code when:} (of the confirm, its step or its include) or in a failure handler may never be asked: an
     * unattended run is not refused for it up front, and is stopped (aborted, saying what to pass) only if it is.
     */
    private void questionsOf(Runbook runbook) {
        for (Node n : runbook.nodes()) {
            if (n instanceof Manual m && !operator.interactive()) {
                manual.add(m.pos(), "manual '" + m.text() + "' needs an operator to answer, and this run has no terminal", NO_TERMINAL_HINT);
            }
            if (n instanceof Confirm c && c.when() == null) word(c.word(), "confirm '" + c.word() + "'", c.pos());
            List<Step> steps = n instanceof Step s ? List.of(s) : n instanceof Parallel p ? p.steps() : List.of();
            for (Step s : steps) {
                boolean always = s.options().when() == null;
                questionsIn(s.body(), s.pos(), "step '" + s.name() + "'", always);
                questionsIn(s.onFailure(), s.pos(), "the onFailure of step '" + s.name() + "'", false);
            }
            if (n instanceof dev.runbook.model.ForEach f) questionsIn(f.body(), f.pos(), "'" + f.name() + "'", true);
            if (n instanceof Include inc && inc.when() == null && inc.target() != null) questionsOf(inc.target());
        }
        questionsIn(runbook.onFailure(), null, "onFailure", false);
        questionsIn(runbook.always(), null, "always", true);
    }

    /** A {@code manual} or {@code confirm} written inside a block would be declined mid-run: refuse the run up front. */
    private void questionsIn(Action block, SourcePos where, String what, boolean asked) {
        if (block == null) return;
        SourcePos pos = where != null ? where : block.pos();
        for (String command : block.commands()) {
            if (command.matches("manual\\b.*") && !operator.interactive()) {
                manual.add(pos, command + " in " + what + " needs an operator to answer, and this run has no terminal", NO_TERMINAL_HINT);
            } else if (asked && command.matches("confirm\\b.*")) {
                Matcher m = CONFIRM_WORD.matcher(command);
                word(m.matches() ? m.group(3) : null, command + " in " + what, pos);
            }
        }
    }

    private void word(String word, String what, SourcePos pos) {
        if (operator.canType(word)) return;
        words.add(pos, what + " needs its word typed, and nobody at a terminal will type it (--yes types no confirm word)",
                "pass --confirm " + (word == null ? "WORD (the word it asks for)" : word));
    }
}
