package dev.runbook.repl;

import java.util.Set;

/**
 * Whether a line typed at the prompt is one of the REPL's commands or Groovy, decided by the shape of the line: its
 * first word names a command, and what follows is the command's arguments. {@code log} is also the step scope's call
 * ({@code log "text"}): followed by a string literal or a parenthesis it is Groovy's {@code log}, since a step name
 * is written bare ({@code log Two}, {@code log gate health}) or as Tab inserts it ({@code log gate\ health}).
 * Any command word followed by {@code =} (not {@code ==}) or {@code (} is Groovy too: an assignment or a call.
 */
final class LineKind {
    private LineKind() {}

    static boolean isCommand(String line, Set<String> commands) {
        String text = line.strip();
        String[] parts = text.split("\\s+", 2);
        String first = parts[0];
        if (!commands.contains(first)) return false;
        String rest = parts.length < 2 ? "" : parts[1];
        if (rest.startsWith("(") || (rest.startsWith("=") && !rest.startsWith("=="))) return false;
        return !(first.equals("log") && (rest.startsWith("\"") || rest.startsWith("'")));
    }

    /** The first word of a line (the command's name when {@link #isCommand} says it is one). */
    static String firstWord(String line) {
        return line.strip().split("\\s+", 2)[0];
    }
}
