package dev.runbook.repl;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The REPL's output: the terminal, or for a moment a buffer. While the line reader waits at the prompt, text from
 * another thread must go above the prompt in one piece ({@code LineReader.printAbove}), not through the line being
 * typed: it is caught here first.
 */
final class DivertableOutput extends OutputStream {
    private final OutputStream terminal;
    private volatile OutputStream target;

    DivertableOutput(OutputStream terminal) {
        this.terminal = terminal;
        this.target = terminal;
    }

    /** Sends what is written to {@code to} from now on; null sends it to the terminal again. */
    void divertTo(OutputStream to) {
        target = to == null ? terminal : to;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }
}
