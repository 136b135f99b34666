package dev.runbook.repl;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Shows long output a screenful at a time on a terminal (Space: the next screenful, Enter: the next line, q: stop);
 * on a dumb terminal or a pipe, all of it at once (nobody may be there to press a key).
 */
final class Pager {
    private final Terminal terminal;
    private final PrintStream out;
    private final boolean dumb;

    Pager(Terminal terminal, PrintStream out, boolean dumb) {
        this.terminal = terminal;
        this.out = out;
        this.dumb = dumb;
    }

    /** The lines that fit on the screen with the prompt (20 when the terminal does not say). */
    int screenful() {
        int h = terminal.getHeight();
        return h > 3 ? h - 2 : 20;
    }

    void show(List<String> lines) {
        int page = screenful();
        if (dumb || lines.size() <= page) {
            lines.forEach(out::println);
            return;
        }
        Attributes saved = terminal.enterRawMode();
        try {
            NonBlockingReader keys = terminal.reader();
            int shown = 0;
            int next = page;
            while (shown < lines.size()) {
                while (shown < Math.min(next, lines.size())) out.println(lines.get(shown++));
                if (shown >= lines.size()) break;
                out.print("-- " + shown + "/" + lines.size() + " lines: Space more, Enter one line, q stops --");
                out.flush();
                int key = keys.read();
                out.print("\r\033[K");
                if (key < 0 || key == 'q' || key == 'Q' || key == 3) break;
                next = shown + (key == '\r' || key == '\n' ? 1 : page);
            }
        } catch (IOException e) {
            // the terminal went away: nothing more to show
        } finally {
            terminal.setAttributes(saved);
            out.flush();
        }
    }
}
