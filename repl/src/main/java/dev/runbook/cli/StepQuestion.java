package dev.runbook.cli;

import dev.runbook.term.Io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** {@code runbook exec --step}: "Perform step 'X'? (N)o/(y)es/(c)ontinue/(a)bort", as ansible-playbook asks. */
final class StepQuestion {
    enum Answer { YES, NO, CONTINUE, ABORT }

    private final Io io;
    private final dev.runbook.engine.Operator operator;
    private BufferedReader in;

    /** At a terminal the operator's own reader takes the answers (one reader per input); otherwise stdin. */
    StepQuestion(Io io, dev.runbook.engine.Operator operator) {
        this.io = io;
        this.operator = operator;
    }

    private String readLine(String prompt) throws IOException {
        if (operator instanceof ConsoleOperator c) return c.askLine(prompt, () -> false);
        io.out().print(prompt + " ");
        io.out().flush();
        if (in == null) in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line != null) io.out().println(line); // piped: show the answer as if it had been typed
        return line;
    }

    /** Asks until the answer is one of the four; end of input aborts (nobody is there to say yes). */
    Answer ask(String step) {
        while (true) {
            String line;
            try {
                line = readLine("Perform step '" + step + "'? (y)es / (n)o, skip it / (c)ontinue without asking / (a)bort:");
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                io.out().println();
                return Answer.ABORT;
            }
            switch (line.strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> { return Answer.YES; }
                case "n", "no" -> { return Answer.NO; }
                case "c", "continue" -> { return Answer.CONTINUE; }
                case "a", "abort" -> { return Answer.ABORT; }
                default -> io.out().println("answer y, n, c or a");
            }
        }
    }
}
