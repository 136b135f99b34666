package dev.runbook.cli;

import dev.runbook.console.Style;

final class Styles {
    private Styles() {}

    static Style of(Io io) {
        return Style.forTerminal(io.stdoutTerminal(), io.env());
    }
}
