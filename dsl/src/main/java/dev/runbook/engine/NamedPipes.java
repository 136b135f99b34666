package dev.runbook.engine;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named pipes through which a command a {@link ShellHost} started sends its stdout and stderr: a private folder
 * per host, a pair of pipes per command, and the readers of a pair.
 */
final class NamedPipes {
    private static final AtomicInteger FOLDERS = new AtomicInteger();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final Pattern OURS = Pattern.compile("runbook-sh-(\\d{1,18})-\\d+");

    private NamedPipes() {}

    /** One command's stdout and stderr; free again once both were read to the end. */
    record Pair(Path out, Path err, AtomicInteger reading) {
        boolean free() {
            return reading.get() == 0;
        }

        /** A reader that is done (end of output, or given up). */
        void closed() {
            reading.decrementAndGet();
        }
    }

    /**
     * The readers of one command's pipes, opened before the command is sent. A read open of a named pipe waits for
     * a writer, so each pipe is first held open for writing here ({@code holds}), until the command has its own
     * ends open; after that, the readers see the end of the output when the command and its children close theirs.
     */
    static final class Readers implements AutoCloseable {
        final InputStream out;
        final InputStream err;
        private final List<RandomAccessFile> holds;

        Readers(Pair p) throws IOException {
            RandomAccessFile holdOut = new RandomAccessFile(p.out().toFile(), "rw");
            RandomAccessFile holdErr = null;
            try {
                holdErr = new RandomAccessFile(p.err().toFile(), "rw");
                this.out = new FileInputStream(p.out().toFile());
                this.err = new FileInputStream(p.err().toFile());
            } catch (IOException e) {
                holdOut.close();
                if (holdErr != null) holdErr.close();
                throw e;
            }
            this.holds = new ArrayList<>(List.of(holdOut, holdErr));
        }

        /** Lets the readers see an end of file once the command's own ends are closed. Idempotent. */
        synchronized void letGo() {
            for (RandomAccessFile h : holds) {
                try {
                    h.close();
                } catch (IOException ignored) {
                    // closing a pipe end does not fail in a way that matters here
                }
            }
            holds.clear();
        }

        /** For a command that will not run (or whose host is gone): the holds and the readers, all closed. */
        @Override
        public void close() {
            letGo();
            for (InputStream in : List.of(out, err)) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing was read from it
                }
            }
        }
    }

    /**
     * A new folder only this user can open, for a host's pipes. Named by pid and a counter, not by
     * {@code Files.createTempDirectory}, whose random names cost a {@code SecureRandom} (about 20 ms the first time,
     * more than the host saves on a short run). Creating it fails if the name exists, so no folder that someone
     * else made is ever used.
     */
    static Path privateFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (SWEPT.compareAndSet(false, true)) sweep(tmp);
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve("runbook-sh-" + ProcessHandle.current().pid() + "-" + FOLDERS.incrementAndGet());
            try {
                return Files.createDirectory(dir, ownerOnly);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    /**
     * Removes the folders of hosts whose JVM is gone. A host removes its own folder when it exits; one killed with
     * SIGKILL cannot. Only folders named as {@link #privateFolder()} names them, of a pid that no longer runs.
     */
    static void sweep(Path tmp) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, "runbook-sh-*-*")) {
            for (Path folder : folders) {
                Matcher m = OURS.matcher(folder.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty() && Files.isDirectory(folder)
                        && Files.isWritable(folder)) {
                    delete(folder);
                }
            }
        } catch (IOException | RuntimeException e) {
            // tidying only: a folder left behind is a few bytes in the temp folder
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder; the host's own trap removes it too
        }
    }
}
