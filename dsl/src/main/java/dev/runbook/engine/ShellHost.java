package dev.runbook.engine;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bash that stays up and starts {@code sh} commands for the engine. From the JVM, each command costs two programs
 * before its own: the JDK's {@code jspawnhelper}, then {@code setsid}. An idle bash forks a child that becomes
 * {@code bash -c COMMAND} at once, which halves what a short command costs (about 3.4 to 2.1 ms here).
 *
 * <p>The command runs as it did from the JVM: the same {@code bash -c} with the same environment (the JVM's, with
 * the run's and the command's on top), working directory and stdin ({@code /dev/null}), as the leader of a process
 * group of its own, so that its pid is its group's id and a timeout or Ctrl-C kills the whole tree. Its stdout and
 * stderr are two named pipes in a folder only this user can read; a pair is used again only once both were read to
 * the end, so a background child still holding one never mixes its output into a later command's.
 *
 * <p>{@link ShellHostPool} keeps the hosts; {@link NamedPipes} are the pipes.
 */
final class ShellHost {
    /**
     * $1: the folder of the named pipes. The host is started by {@code setsid}, so that the terminal's Ctrl-C reaches
     * only the JVM, which decides what to stop. Job control ({@code set -m}) puts each command in a group of its own.
     * The host takes back its own shell level, so that the command's {@code SHLVL} is the one it had from the JVM.
     * A request is NUL-separated: the number of the pipe pair ($1/N.out, $1/N.err), the working directory, the
     * number of environment entries (those that differ from the JVM's), the entries (NAME=value), the command. The
     * child opens its pipes read-write, which never blocks (a plain write open would wait forever for a reader that
     * died), and says so ("opened") before it becomes the command.
     */
    private static final String SCRIPT = """
            trap 'rm -rf -- "$1"' EXIT
            set -m
            export SHLVL=$((SHLVL - 1))
            mkfifo -m 600 -- "$1/0.out" "$1/0.err" || exit 1
            printf 'ready\\n'
            while IFS= read -r -d '' pipes && IFS= read -r -d '' dir && IFS= read -r -d '' n; do
              env=()
              while (( n > 0 )); do IFS= read -r -d '' kv || exit 1; env+=("$kv"); n=$((n - 1)); done
              IFS= read -r -d '' cmd || exit 1
              (
                exec 3<>"$1/$pipes.out" 4<>"$1/$pipes.err" || exit 126
                printf 'opened\\n'
                exec </dev/null >&3 2>&4 3>&- 4>&-
                cd -- "$dir" || exit 1
                (( ${#env[@]} == 0 )) || export -- "${env[@]}" || exit 1
                exec bash -c "$cmd"
              ) &
              pid=$!
              printf 'started %s\\n' "$pid"
              wait "$pid"
              status=$?
              # with job control, wait also returns when the command is only stopped (kill -STOP): wait on
              while kill -0 "$pid" 2>/dev/null; do sleep 0.1; wait "$pid"; status=$?; done
              printf 'exit %s\\n' "$status"
            done
            """;
    private static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    private static final String MKFIFO = firstExisting("/usr/bin/mkfifo", "/bin/mkfifo");
    static final long START_LIMIT_MS = 5_000;
    /** After a kill: how long the host may take to report the command's end before it is given up. */
    private static final long AFTER_KILL_MS = 5_000;
    private static final String EOF = "";

    private static final List<ShellHost> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private final Process bash;
    private final Path dir;
    private final OutputStream requests;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<NamedPipes.Pair> pipes = new ArrayList<>();
    private volatile boolean broken;
    /** The readers of the command running now. */
    private volatile NamedPipes.Readers current;

    /** A command the host started: its pid (its group's id too), and the readers of its output. */
    record Started(ShellHost host, NamedPipes.Pair pipes, NamedPipes.Readers readers, long pid) {}

    private ShellHost(Process bash, Path dir) {
        this.bash = bash;
        this.dir = dir;
        this.requests = bash.getOutputStream();
        pipes.add(new NamedPipes.Pair(dir.resolve("0.out"), dir.resolve("0.err"), new AtomicInteger()));
        Thread.ofPlatform().daemon().name("runbook-sh-host").start(this::readReplies); // see Shell.pump
    }

    /** The hosts of this JVM that are up (busy or idle). */
    static int live() {
        return ALL.size();
    }

    /** Starts a host and waits until it is ready: for the pool, which starts hosts off any command's path. */
    static ShellHost start() throws IOException, InterruptedException {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(ShellHost::close), "runbook-sh-hosts"));
        }
        Path dir = NamedPipes.privateFolder();
        ProcessBuilder pb = new ProcessBuilder(SETSID, "bash", "--noprofile", "--norc", "-c", SCRIPT, "bash", dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD); // job control's own notices ("Done") would land here
        Process bash;
        try {
            bash = pb.start();
        } catch (IOException e) {
            NamedPipes.delete(dir);
            throw e;
        }
        ShellHost host = new ShellHost(bash, dir);
        ALL.add(host);
        String first = host.replies.poll(START_LIMIT_MS, TimeUnit.MILLISECONDS);
        if (!"ready".equals(first)) {
            host.close();
            throw new IOException("the shell host did not start");
        }
        return host;
    }

    /** The command never reached the host's bash: it can start some other way. */
    static final class NotSent extends IOException {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sends the command; returns once the host has forked it. */
    Started launch(ShellCommand command) throws IOException, InterruptedException {
        NamedPipes.Pair p;
        NamedPipes.Readers readers;
        try {
            p = freePipes();
            readers = new NamedPipes.Readers(p);
        } catch (IOException e) {
            throw new NotSent(e.getMessage(), e);
        }
        p.reading().set(2);
        List<String> env = new ArrayList<>();
        changes(command).forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
        StringBuilder req = new StringBuilder();
        for (String field : List.of(String.valueOf(pipes.indexOf(p)), command.dir().getAbsolutePath(), String.valueOf(env.size()))) {
            req.append(field).append('\0');
        }
        for (String e : env) req.append(e).append('\0');
        req.append(command.command()).append('\0');
        try {
            requests.write(req.toString().getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            broken = true;
            readers.close();
            p.reading().set(0);
            throw new NotSent("the shell host is gone", e);
        }
        current = readers;
        String reply = nextReplyBesidesOpened(readers);
        if (reply == null || !reply.startsWith("started ")) {
            broken = true;
            readers.close();
            throw new IOException("the shell host stopped before it started the command");
        }
        return new Started(this, p, readers, Long.parseLong(reply.substring("started ".length()).trim()));
    }

    /**
     * The host's answer to a request, which follows at once. Not interruptible: a command forked before a Ctrl-C
     * must be known (and tracked) so that the Ctrl-C can kill it; the interrupt is kept for the caller.
     */
    private String nextReplyBesidesOpened(NamedPipes.Readers readers) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_LIMIT_MS);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    String reply = replies.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (!"opened".equals(reply)) return reply;
                    readers.letGo();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return null;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * The command's exit code, -1 when it did not end in time (timeoutMillis &lt; 0: no limit). bash reports a
     * command ended by a signal as 128 + the signal, as the JDK reports its own children.
     */
    int awaitExit(long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        while (true) {
            String reply = timeoutMillis < 0 ? replies.take()
                    : replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (reply == null) return -1;
            if (reply.equals("opened")) {
                current.letGo();
                continue;
            }
            if (!reply.startsWith("exit ")) {
                broken = true;
                throw new IOException("the shell host stopped while the command ran");
            }
            current.letGo(); // the command ended without opening its pipes: its readers are done too
            return Integer.parseInt(reply.substring("exit ".length()).trim());
        }
    }

    /**
     * After a kill: waits for the command's end so that the host can take the next one; a host that does not
     * report it in time is closed instead. Not interruptible: a second Ctrl-C should not leave a host half used.
     */
    void settleAfterKill() {
        try {
            String reply;
            do {
                reply = replies.poll(AFTER_KILL_MS, TimeUnit.MILLISECONDS);
            } while ("opened".equals(reply));
            if (reply == null || !reply.startsWith("exit ")) broken = true;
        } catch (InterruptedException e) {
            broken = true;
            Thread.currentThread().interrupt();
        }
    }

    /** Idle, alive and with nothing unread from its last command. */
    boolean usable() {
        return !broken && bash.isAlive() && replies.isEmpty();
    }

    private NamedPipes.Pair freePipes() throws IOException, InterruptedException {
        for (NamedPipes.Pair p : pipes) if (p.free()) return p;
        // every pair is still held by a background child of an earlier command: make another
        int n = pipes.size();
        NamedPipes.Pair p = new NamedPipes.Pair(dir.resolve(n + ".out"), dir.resolve(n + ".err"), new AtomicInteger());
        Process mk = new ProcessBuilder(MKFIFO, "-m", "600", "--", p.out().toString(), p.err().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!mk.waitFor(START_LIMIT_MS, TimeUnit.MILLISECONDS) || mk.exitValue() != 0) {
            throw new IOException("cannot make a named pipe in " + dir);
        }
        pipes.add(p);
        return p;
    }

    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) replies.add(line);
        } catch (IOException ignored) {
            // the host was closed
        } finally {
            broken = true;
            replies.add(EOF);
        }
    }

    /** Ends the host: with its input closed, its loop ends; a command it still runs goes on, as it would have. */
    void close() {
        broken = true;
        ALL.remove(this);
        ShellHostPool.forget(this);
        try {
            requests.close();
        } catch (IOException ignored) {
            // gone already
        }
        if (!bash.isAlive()) NamedPipes.delete(dir);
    }

    /** Whether a host can pass the command on exactly: bash reads NUL-separated fields and exports only names. */
    static boolean canPass(ShellCommand command) {
        if (command.command().indexOf('\0') >= 0 || command.dir() == null) return false;
        for (Map.Entry<String, String> e : changes(command)) {
            if (!exportable(e.getKey()) || e.getValue().indexOf('\0') >= 0) return false;
        }
        return command.dir().isDirectory() && command.dir().getAbsolutePath().indexOf('\0') < 0;
    }

    /**
     * What the command's environment changes in the JVM's, which the host has from its start: the CLI hands a run
     * the whole process environment, and sending it again with every command would cost more than the command.
     */
    private static List<Map.Entry<String, String>> changes(ShellCommand command) {
        Map<String, String> inherited = System.getenv();
        List<Map.Entry<String, String>> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : command.environment().entrySet()) {
            if (!e.getValue().equals(inherited.get(e.getKey()))) changed.add(e);
        }
        return changed;
    }

    /** What {@code export} takes as a name ([A-Za-z_][A-Za-z0-9_]*); a command with any other starts from the JVM. */
    private static boolean exportable(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }

    /** Whether hosts can start here, and are not turned off. */
    static boolean canStart() {
        return SETSID != null && MKFIFO != null && !"off".equalsIgnoreCase(System.getenv("RUNBOOK_SH_HOST"));
    }

    /** Back to the pool, or closed when the pool is full or the host is not fit for another command. */
    void release() {
        ShellHostPool.release(this);
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) if (new File(p).canExecute()) return p;
        return null;
    }
}
