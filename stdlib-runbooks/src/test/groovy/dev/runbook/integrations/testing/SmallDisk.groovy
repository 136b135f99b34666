package dev.runbook.integrations.testing

import java.nio.file.Files
import java.nio.file.Path

/**
 * A small tmpfs mounted for one feature: a disk that fills. Needs root (mount); specs skip with that reason
 * otherwise, even under RUNBOOK_REQUIRE_REAL_PARTS=1: not being root is not a missing part.
 */
final class SmallDisk implements Closeable {
    final Path dir

    private SmallDisk(Path dir) {
        this.dir = dir
    }

    static boolean mountable() {
        'id -u'.execute().text.trim() == '0' && Files.isExecutable(Path.of('/bin/mount'))
    }

    static SmallDisk mount(String size) {
        Path dir = Files.createTempDirectory('small-disk-')
        run(['mount', '-t', 'tmpfs', '-o', "size=${size}".toString(), 'tmpfs', dir.toString()])
        new SmallDisk(dir)
    }

    /** What is on the disk now, names only. */
    List<String> files() {
        Files.list(dir).withCloseable { s -> s.collect { it.fileName.toString() }.sort() }
    }

    @Override
    void close() {
        run(['umount', dir.toString()])
        Files.deleteIfExists(dir)
    }

    private static void run(List<String> argv) {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start()
        String out = p.inputStream.text
        if (p.waitFor() != 0) throw new IllegalStateException("${argv.join(' ')} exited ${p.exitValue()}: ${out}")
    }
}
