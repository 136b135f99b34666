package dev.runbook.repl

/**
 * A tmux session for end-to-end specs: a program in a real terminal (a pane), driven by keys and read from the screen,
 * as an on-call engineer runs it. Every wait is for text appearing on the screen. tmux: .ci/install-tmux.sh.
 */
class Tmux {
    final String session

    /** A session named after {@code prefix}, this JVM and the moment: specs running side by side do not meet. */
    Tmux(String prefix) {
        session = "${prefix}-${ProcessHandle.current().pid()}-${System.nanoTime()}"
    }

    static boolean installed() {
        new File('/usr/bin/tmux').canExecute() || new File('/usr/local/bin/tmux').canExecute()
    }

    /** {@code tmux ARGS}, which must succeed. */
    void run(String... args) {
        def p = new ProcessBuilder(['tmux', *args]).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: out
    }

    void keys(String... keys) {
        run('send-keys', '-t', session, *keys)
    }

    /** The pane's screen and the 200 lines above it, wrapped lines joined. */
    String screen() {
        def p = new ProcessBuilder('tmux', 'capture-pane', '-p', '-J', '-S', '-200', '-t', session).start()
        String out = p.inputStream.text
        p.waitFor()
        out
    }

    /** Waits until {@code text} is on the screen; fails with the screen after {@code seconds}. */
    boolean waitFor(String text, int seconds = 60) {
        long end = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < end) {
            if (screen().contains(text)) return true
            Thread.sleep(50)
        }
        assert screen().contains(text)
        true
    }

    /** The JVM the pane runs (the pane's shell, or a process below it, whose command is java). */
    ProcessHandle java() {
        def p = new ProcessBuilder('tmux', 'list-panes', '-t', session, '-F', '#{pane_pid}').start()
        long shellPid = p.inputStream.text.trim() as long
        p.waitFor()
        ProcessHandle shell = ProcessHandle.of(shellPid).orElseThrow()
        ([shell] + shell.descendants().toList()).find { it.info().command().orElse('').endsWith('/java') }
    }

    /** Ends the session (no error when it has ended already). */
    void kill() {
        new ProcessBuilder('tmux', 'kill-session', '-t', session).start().waitFor()
    }
}
