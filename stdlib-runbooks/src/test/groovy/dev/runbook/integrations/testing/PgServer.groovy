package dev.runbook.integrations.testing

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A real PostgreSQL server for the pg specs: initdb into a temp dir, started once per test JVM on 127.0.0.1 and a
 * socket in that dir, stopped with {@code pg_ctl -m immediate stop} when the JVM exits. The server refuses to run
 * as root, so as root it runs as the {@code postgres} OS user. TCP logins need the superuser password, so the
 * specs exercise the password handling for real.
 */
final class PgServer {
    static final String USER = 'postgres'
    static final String PASSWORD = 'S3cr3t-pg-pw!'
    private static final List<Path> BIN_DIRS = [Path.of('/usr/local/bin')] + debianBinDirs() +
            (System.getenv('PATH') ?: '').split(':').findAll().collect { Path.of(it) }

    private static PgServer instance

    final int port
    final Path dir
    private final Path binDir

    private PgServer(Path binDir, Path dir, int port) {
        this.binDir = binDir
        this.dir = dir
        this.port = port
    }

    /** The folder holding initdb, pg_ctl and postgres, or null when they are not installed. */
    static Path binaries() {
        BIN_DIRS.find { d -> ['initdb', 'pg_ctl', 'postgres'].every { Files.isExecutable(d.resolve(it)) } }
    }

    /**
     * Whether the specs should run: the server binaries are here, or RUNBOOK_REQUIRE_REAL_PARTS=1 says a missing
     * server must fail the run instead of skipping it.
     */
    static boolean runnable() {
        binaries() != null || System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') == '1'
    }

    /**
     * A server of its own, for a spec that stops it ({@link #stopImmediate}) and starts it again ({@link #startAgain}):
     * the shared one must stay up for the other specs in this JVM.
     */
    static PgServer startPrivate() {
        Path bin = binaries()
        if (bin == null) throw new IllegalStateException('PostgreSQL server binaries not found — run .ci/install-postgres.sh')
        start(bin)
    }

    /** {@code pg_ctl stop -m immediate}: the server dies as in a crash, without ending its sessions cleanly. */
    void stopImmediate() {
        run([binDir.resolve('pg_ctl').toString(), '-D', dir.resolve('data').toString(), '-m', 'immediate', 'stop'], root())
    }

    /** Starts it again on the same port (crash recovery runs first); returns when it takes connections. */
    void startAgain() {
        run([binDir.resolve('pg_ctl').toString(), '-D', dir.resolve('data').toString(), '-w', '-l', dir.resolve('server.log').toString(),
             'start', '-o', "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off".toString()], root())
    }

    private static boolean root() {
        'id -u'.execute().text.trim() == '0'
    }

    static synchronized PgServer get() {
        if (instance == null) {
            Path bin = binaries()
            if (bin == null) throw new IllegalStateException('PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in ' +
                    '/usr/local/bin, /usr/lib/postgresql/*/bin or PATH — run .ci/install-postgres.sh')
            instance = start(bin)
        }
        instance
    }

    /**
     * Restarts the server as an upgrade or a failover does ({@code pg_ctl restart -m fast}): every session is ended, and
     * the server is back on the same port when this returns. The server is shared by the specs of this JVM, which run
     * one at a time: only for specs that check how a run lives through it.
     */
    synchronized void restart() {
        boolean root = 'id -u'.execute().text.trim() == '0'
        run([binDir.resolve('pg_ctl').toString(), '-D', dir.resolve('data').toString(), '-m', 'fast', '-w', '-l',
             dir.resolve('server.log').toString(), 'restart'], root)
    }

    /** postgresql://postgres:PASSWORD@127.0.0.1:PORT/db */
    String url(String database = 'postgres') {
        "postgresql://${USER}:${URLEncoder.encode(PASSWORD, 'UTF-8')}@127.0.0.1:${port}/${database}"
    }

    /** jdbc:postgresql://127.0.0.1:PORT/db?user=postgres — the password comes from PGPASSWORD ({@link #env}). */
    String jdbcUrl(String database) {
        "jdbc:postgresql://127.0.0.1:${port}/${database}?user=${USER}"
    }

    private static int databases

    /** A new, empty database for one spec or feature: journals and locks of one never meet another's. */
    synchronized String freshDatabase(String prefix) {
        String name = "${prefix}_${ProcessHandle.current().pid()}_${++databases}"
        psql('postgres', "CREATE DATABASE ${name}")
        name
    }

    /** The libpq environment that points at this server, password included. */
    Map<String, String> env() {
        [PGHOST: '127.0.0.1', PGPORT: String.valueOf(port), PGUSER: USER, PGPASSWORD: PASSWORD]
    }

    /** Runs SQL through psql on the unix socket (trusted), for fixtures. */
    String psql(String database, String sql) {
        run([client('psql'), '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', dir.toString(), '-p', String.valueOf(port),
             '-U', USER, '-d', database, '-c', sql], false)
    }

    private String client(String tool) {
        Path own = binDir.resolve(tool)
        Files.isExecutable(own) ? own.toString() : tool
    }

    private static PgServer start(Path bin) {
        boolean root = 'id -u'.execute().text.trim() == '0'
        Path dir = Files.createTempDirectory('runbook-pg-')
        Path data = dir.resolve('data')
        List<String> stop = [bin.resolve('pg_ctl').toString(), '-D', data.toString(), '-m', 'immediate', 'stop']
        try {
            Path pwfile = dir.resolve('pw')
            Files.writeString(pwfile, PASSWORD + '\n')
            if (root) run(['chown', '-R', 'postgres:postgres', dir.toString()], false)
            int port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }
            run([bin.resolve('initdb').toString(), '-D', data.toString(), '-U', USER, "--pwfile=${pwfile}".toString(),
                 '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C'], root)
            run([bin.resolve('pg_ctl').toString(), '-D', data.toString(), '-w', '-l', dir.resolve('server.log').toString(), 'start', '-o',
                 "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off".toString()], root)
            Runtime.runtime.addShutdownHook(new Thread({
                run(stop, root)
                dir.toFile().deleteDir()
            }))
            new PgServer(bin, dir, port)
        } catch (Exception e) {
            if (Files.exists(data.resolve('postmaster.pid'))) run(stop, root)
            dir.toFile().deleteDir()
            throw e
        }
    }

    private static String run(List<String> argv, boolean asPostgres) {
        List<String> cmd = asPostgres ? ['runuser', '-u', 'postgres', '--'] + argv : argv
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        String out = p.inputStream.text
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            throw new IllegalStateException("${cmd.join(' ')} did not finish in 60 s")
        }
        if (p.exitValue() != 0) throw new IllegalStateException("${cmd.join(' ')} exited ${p.exitValue()}:\n${out}")
        out
    }

    private static List<Path> debianBinDirs() {
        Path root = Path.of('/usr/lib/postgresql')
        if (!Files.isDirectory(root)) return []
        root.toFile().listFiles().findAll { it.name ==~ /\d+/ }.sort { -(it.name as int) }.collect { it.toPath().resolve('bin') }
    }
}
