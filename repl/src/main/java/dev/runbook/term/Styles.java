package dev.runbook.term;

import dev.runbook.console.Style;

/** The colours a command's output gets: ANSI at a terminal unless the environment says no (NO_COLOR, TERM=dumb). */
public final class Styles {
    private Styles() {}

    public static Style of(Io io) {
        return Style.forTerminal(io.stdoutTerminal(), io.env());
    }
}
