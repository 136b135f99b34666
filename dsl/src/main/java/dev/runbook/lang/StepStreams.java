package dev.runbook.lang;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * {@code System.out} and {@code System.err} while a step's code runs. A step body that writes
 * {@code System.err.println(secrets.DB_PASSWORD)} bypasses the script's {@code println} (StepPrinting) and wrote
 * to the terminal as it was, unmasked and not journaled. Installed once (by the engine, before the first step), these
 * streams send what a thread inside a step writes to that step's output, a line at a time (masked and journaled like
 * any output), and everything else — the tool's console, other threads — on to the stream that was there before.
 */
public final class StepStreams {
    private static volatile PrintStream installedOut;
    private static volatile PrintStream installedErr;
    private static volatile Routed out;
    private static volatile Routed err;

    private StepStreams() {}

    /**
     * Puts step-aware streams in front of {@code System.out} and {@code System.err}, unless they are there already
     * (checked each time: something else — a test, an embedding tool — may have set its own since).
     */
    public static void install() {
        if (System.out == installedOut && System.err == installedErr) return;
        synchronized (StepStreams.class) {
            if (System.out != installedOut) {
                out = new Routed(System.out);
                installedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                System.setOut(installedOut);
            }
            if (System.err != installedErr) {
                err = new Routed(System.err);
                installedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
                System.setErr(installedErr);
            }
        }
    }

    /** The step on this thread ends: a {@code print} without a newline is still the step's text, not lost. */
    static void endOfStep(Consumer<String> step) {
        if (out != null) out.drain(step);
        if (err != null) err.drain(step);
    }

    /** Sends a step's lines to the step; any other thread's bytes to the stream that was installed before. */
    private static final class Routed extends OutputStream {
        private final PrintStream before;
        /** A step's partial line, per thread: a line reaches the journal whole. */
        private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);

        Routed(PrintStream before) {
            this.before = before;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Consumer<String> step = StepPrinting.current();
            if (step == null) {
                before.write(bytes, offset, length);
                return;
            }
            ByteArrayOutputStream line = pending.get();
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    step.accept(stripCarriageReturn(line.toString(StandardCharsets.UTF_8)));
                    line.reset();
                } else {
                    line.write(bytes[i]);
                }
            }
        }

        @Override
        public void flush() {
            if (StepPrinting.current() == null) before.flush();
        }

        void drain(Consumer<String> step) {
            ByteArrayOutputStream line = pending.get();
            if (line.size() == 0) return;
            step.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }

        private static String stripCarriageReturn(String s) {
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
