package dev.runbook.integrations.testing

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A private Docker Engine for the specs: dockerd on a unix socket in a temp folder, no bridge network and no
 * iptables, with small busybox images built locally (no registry is reachable). Started once per test JVM on
 * first use, stopped by a shutdown hook, which also unmounts what dockerd left behind.
 *
 * Images: local/busybox:1 and :2 (APP_VERSION=1 / 2, a command that idles and exits at once on SIGTERM) and
 * local/busybox:broken (its entrypoint writes an error and exits 1 at once).
 */
class PrivateDockerEngine {
    static final String IDLE = 'trap "exit 0" TERM; sleep 600 & wait'
    private static final String PREFIX = 'runbook-dockerd-'
    private static final String OWNER = 'owner.pid'

    private static PrivateDockerEngine instance

    final Path dir
    final String host
    private Process dockerd
    private boolean cleaned

    /**
     * True when this machine can run the engine (and has the other programs named), or when CI demands it: then a
     * missing part fails the specs instead of skipping them.
     */
    static boolean runnable(String... alsoNeeded) {
        System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') == '1' || (missing().isEmpty() && alsoNeeded.every { onPath(it) })
    }

    /** What is missing to run the engine here; empty when it can run. */
    static List<String> missing() {
        def out = []
        ['dockerd', 'docker', 'busybox', 'tar'].each { if (!onPath(it)) out << it }
        if (System.getProperty('user.name') != 'root') out << 'root (dockerd needs it)'
        out
    }

    static synchronized PrivateDockerEngine get() {
        if (instance == null) {
            def gone = missing()
            if (!gone.isEmpty()) throw new IllegalStateException("cannot start the Docker Engine for the specs, missing: ${gone.join(', ')} — run .ci/install-docker.sh")
            sweepAbandoned()
            instance = new PrivateDockerEngine()
        }
        instance
    }

    private PrivateDockerEngine() {
        // Short path: unix socket paths are limited to about 100 bytes.
        dir = Files.createTempDirectory(Path.of('/tmp'), PREFIX)
        host = "unix://${dir}/docker.sock".toString()
        // Which test JVM owns this engine: a later run stops it if that JVM died without its shutdown hook.
        Files.writeString(dir.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()))
        Runtime.runtime.addShutdownHook(new Thread({ stop() }))
        try {
            launch()
            buildImages()
        } catch (Throwable e) {
            stop()
            throw e
        }
    }

    private void launch() {
        dockerd = new ProcessBuilder(['dockerd', '--data-root', "$dir/data", '--exec-root', "$dir/exec",
                '--pidfile', "$dir/dockerd.pid", '-H', host, '--iptables=false', '--ip6tables=false', '--bridge=none']*.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve('dockerd.log').toFile())).start()
        try {
            waitUntil(30) { Files.exists(dir.resolve('docker.sock')) && cli('version').exitCode == 0 }
        } catch (IllegalStateException e) {
            dockerd.destroyForcibly()
            dockerd = null
            def log = Files.readAllLines(dir.resolve('dockerd.log'))
            throw new IllegalStateException("dockerd did not answer within 30 s; its log ends: ${log.takeRight(5).join('\n')}", e)
        }
    }

    /**
     * Stops dockerd as a service manager does (SIGTERM: it closes its API socket, then stops its containers, which
     * exit at once), keeping its data: "the engine went away mid-call". {@link #startDaemon} brings it back. Not
     * SIGKILL: the containerd it leaves behind made the next dockerd time out waiting for its own.
     */
    synchronized void stopDaemon() {
        if (dockerd == null) return
        dockerd.destroy()
        if (!dockerd.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException('dockerd did not stop within 30 s')
        dockerd = null
    }

    /** Starts dockerd again on the same data after {@link #stopDaemon}; nothing when it runs. */
    synchronized void startDaemon() {
        if (dockerd != null || cleaned) return
        Files.deleteIfExists(dir.resolve('dockerd.pid')) // left by a kill: dockerd refuses to start while it is there
        launch()
    }

    boolean daemonRunning() { dockerd != null }

    Map<String, String> environment() {
        [PATH: System.getenv('PATH'), HOME: System.getenv('HOME') ?: '/root', DOCKER_HOST: host]
    }

    /** Runs the docker CLI against this engine; fails when it exits non-zero. */
    String docker(String... args) {
        def r = cli(args)
        if (r.exitCode != 0) throw new IllegalStateException("docker ${args.join(' ')} failed: ${r.output}")
        r.output.trim()
    }

    Map cli(String... args) {
        run(['docker', *args])
    }

    private Map run(List argv) {
        def pb = new ProcessBuilder(argv*.toString()).redirectErrorStream(true)
        pb.environment().put('DOCKER_HOST', host)
        def p = pb.start()
        def out = p.inputStream.text
        p.waitFor(60, TimeUnit.SECONDS)
        [exitCode: p.exitValue(), output: out]
    }

    private void buildImages() {
        def root = dir.resolve('rootfs')
        Files.createDirectories(root.resolve('bin'))
        Files.createDirectories(root.resolve('etc'))
        Files.copy(Path.of(which('busybox')), root.resolve('bin/busybox'))
        def applets = ['busybox', '--list'].execute().text.readLines()*.trim().findAll { it && it != 'busybox' }
        applets.each { Files.createSymbolicLink(root.resolve("bin/$it"), Path.of('busybox')) }
        def idle = """CMD ["/bin/sh", "-c", "${IDLE.replace('"', '\\"')}"]"""
        importImage(root, 'local/busybox:1', ['ENV APP_VERSION=1', idle])
        importImage(root, 'local/busybox:2', ['ENV APP_VERSION=2', idle])
        importImage(root, 'local/busybox:broken', ['ENV APP_VERSION=broken',
                'ENTRYPOINT ["/bin/sh", "-c", "echo cannot open /etc/app.conf >&2; exit 1"]'])
    }

    private void importImage(Path root, String tag, List<String> changes) {
        def argv = ['bash', '-c', 'tar -C "$0" -c . | docker import "${@:2}" - "$1"', root.toString(), tag]
        changes.each { argv += ['--change', it] }
        def r = run(argv)
        if (r.exitCode != 0) throw new IllegalStateException("docker import of $tag failed: ${r.output}")
    }

    /** Removes every container, so each feature starts from an empty engine. */
    void removeAllContainers() {
        def ids = docker('ps', '-aq').readLines()*.trim().findAll()
        if (ids) docker(*(['rm', '-f', '-v'] + ids))
    }

    /** Stops dockerd (it stops its containers, which all exit at once on SIGTERM) and removes what it left. */
    synchronized void stop() {
        if (cleaned) return
        if (dockerd != null) {
            dockerd.destroy()
            if (!dockerd.waitFor(20, TimeUnit.SECONDS)) dockerd.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
            dockerd = null
        }
        cleaned = true
        cleanUp(dir)
    }

    /** dockerd leaves its exec-root and overlay mounts behind: unmount them, deepest first, then delete the folder. */
    private static void cleanUp(Path dir) {
        def mounts = Files.readAllLines(Path.of('/proc/self/mounts'))*.split(' ')*.getAt(1)
                .findAll { it == dir.toString() || it.startsWith(dir.toString() + '/') }.sort { -it.length() }
        mounts.each { new ProcessBuilder('umount', '-l', it).start().waitFor(10, TimeUnit.SECONDS) }
        new ProcessBuilder('rm', '-rf', dir.toString()).start().waitFor(60, TimeUnit.SECONDS)
    }

    /** Engines of earlier test JVMs that died before their shutdown hook ran (killed, or timed out by surefire). */
    private static void sweepAbandoned() {
        Files.newDirectoryStream(Path.of('/tmp'), "${PREFIX}*").withCloseable { dirs ->
            dirs.each { Path d ->
                def owner = d.resolve(OWNER)
                if (!Files.isRegularFile(owner)) return
                long ownerPid = Files.readString(owner).trim() as long
                if (ProcessHandle.of(ownerPid).map { it.alive }.orElse(false)) return
                def pidFile = d.resolve('dockerd.pid')
                if (Files.isRegularFile(pidFile)) {
                    ProcessHandle.of(Files.readString(pidFile).trim() as long)
                            .filter { it.info().command().orElse('').endsWith('dockerd') }
                            .ifPresent { ProcessHandle h -> h.destroy(); h.onExit().get(20, TimeUnit.SECONDS) }
                }
                cleanUp(d)
            }
        }
    }

    static void waitUntil(int seconds, Closure<Boolean> condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (!condition()) {
            if (System.nanoTime() > end) throw new IllegalStateException("still not so after $seconds s")
            Thread.sleep(100)
        }
    }

    static boolean onPath(String name) { which(name) != null }

    private static String which(String name) {
        System.getenv('PATH').split(':').collect { Path.of(it, name) }.find { Files.isExecutable(it) }?.toString()
    }
}
