package dev.runbook.cli;

import dev.runbook.console.Style;
import dev.runbook.engine.Operator;
import dev.runbook.term.Io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Asks the person at the terminal: "done? [y/n]" for manual items, the exact word for confirmations, an
 * approver's name at approval points. One thread reads the input, so a question can stop waiting as soon as an
 * approval arrives from another terminal without leaving a reader behind that would eat the next answer.
 */
final class ConsoleOperator implements Operator {
    private static final String EOF = "\u0000eof";
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintStream out;
    private final Style s;
    private volatile boolean ended;

    ConsoleOperator(Io io, Style style) {
        this.out = io.out();
        this.s = style;
        BufferedReader in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("runbook: operator input").start(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) lines.add(line);
            } catch (IOException ignored) {
                // input closed: treated as end of input
            }
            lines.add(EOF);
        });
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
            String answer = take(() -> false);
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
        String answer = take(() -> false);
        return answer != null && answer.strip().equals(word);
    }

    @Override
    public String askLine(String prompt, BooleanSupplier stop) {
        if (ended) { // nobody can type any more: wait quietly for the other sources instead of re-asking in a loop
            while (!stop.getAsBoolean()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }
        out.print("      " + s.bold("? " + prompt) + "\n      > ");
        out.flush();
        String line = take(stop);
        if (line == null) out.println();
        return line;
    }

    @Override
    public String source() {
        return "operator";
    }

    /** The next line, or null at end of input or as soon as {@code stop} says so. */
    private String take(BooleanSupplier stop) {
        try {
            while (true) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line == EOF) {
                    ended = true;
                    lines.add(EOF); // stay at end of input for later questions
                    return null;
                }
                if (line != null) return line;
                if (stop.getAsBoolean()) return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
