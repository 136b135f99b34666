package dev.runbook.cli;

import dev.runbook.console.Style;
import dev.runbook.engine.Operator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Asks the person at the terminal: "done? [y/N]" for manual items, the exact word for confirmations. */
final class ConsoleOperator implements Operator {
    private final BufferedReader in;
    private final PrintStream out;
    private final Style s;

    ConsoleOperator(Io io, Style style) {
        this.in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        this.out = io.out();
        this.s = style;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public boolean confirm(String text) {
        while (true) {
            out.print("      " + s.bold("? " + text) + "  done? [y/n] ");
            out.flush();
            String answer = readLine();
            if (answer == null) return false;
            answer = answer.strip().toLowerCase(java.util.Locale.ROOT);
            if (answer.equals("y") || answer.equals("yes")) return true;
            if (answer.equals("n") || answer.equals("no")) return false;
            out.println("      answer y (done, go on) or n (stop the run)");
        }
    }

    @Override
    public boolean typeWord(String word, String prompt) {
        if (!prompt.isEmpty()) out.println("      " + s.yellow(prompt));
        out.print("      " + s.bold("? type " + word + " to go on, anything else stops the run: "));
        out.flush();
        String answer = readLine();
        return answer != null && answer.strip().equals(word);
    }

    @Override
    public String source() {
        return "operator";
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
