package dev.runbook.examples

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A real PostgreSQL server for the examples' real-part specs, as stdlib-runbooks' PgServer starts it: initdb into a
 * temp dir, on 127.0.0.1 and a socket in that dir, once per test JVM, stopped when the JVM exits; as the
 * {@code postgres} OS user when the tests run as root (the server refuses root). TCP logins need the password.
 */
final class LocalPostgres {
    static final String USER = 'postgres'
    static final String PASSWORD = 'Examples-pg-pw-7'

    private static LocalPostgres instance

    final int port
    final Path dir
    private final Path bin

    private LocalPostgres(Path bin, Path dir, int port) {
        this.bin = bin
        this.dir = dir
        this.port = port
    }

    /** The folder with initdb, pg_ctl and postgres (.ci/install-postgres.sh puts them in /usr/lib/postgresql/N/bin). */
    static Path binaries() {
        List<Path> dirs = [Path.of('/usr/local/bin')]
        Path debian = Path.of('/usr/lib/postgresql')
        if (Files.isDirectory(debian)) {
            dirs += debian.toFile().listFiles().findAll { it.name ==~ /\d+/ }.sort { -(it.name as int) }.collect { it.toPath().resolve('bin') }
        }
        dirs += (System.getenv('PATH') ?: '').split(':').findAll().collect { Path.of(it) }
        dirs.find { d -> ['initdb', 'pg_ctl', 'postgres'].every { Files.isExecutable(d.resolve(it)) } }
    }

    /** Run the spec when the server is here, or when RUNBOOK_REQUIRE_REAL_PARTS=1 demands it (then a missing one fails). */
    static boolean runnable() {
        binaries() != null || System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') == '1'
    }

    static synchronized LocalPostgres get() {
        if (instance == null) {
            Path bin = binaries()
            if (bin == null) throw new IllegalStateException('PostgreSQL server binaries not found — run .ci/install-postgres.sh')
            instance = start(bin)
        }
        instance
    }

    /** The libpq variables a runbook reads (PGHOST, PGPORT, PGUSER, PGPASSWORD). */
    Map<String, String> env() {
        [PGHOST: '127.0.0.1', PGPORT: String.valueOf(port), PGUSER: USER, PGPASSWORD: PASSWORD]
    }

    String jdbcUrl(String database) { "jdbc:postgresql://127.0.0.1:${port}/${database}" }

    /** SQL through psql on the unix socket (trusted), for fixtures; returns the unaligned output. */
    String psql(String database, String sql) {
        run(['psql', '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', dir.toString(), '-p', String.valueOf(port),
             '-U', USER, '-d', database, '-c', sql], false).trim()
    }

    /** A plain SQL dump of a database, gzipped, as StateFlow's backup job writes them. */
    void dumpGzipped(String database, Path to) {
        run(['bash', '-c', "set -o pipefail; pg_dump -h '${dir}' -p ${port} -U ${USER} --no-owner ${database} | gzip > '${to}'".toString()], false)
    }

    private static LocalPostgres start(Path bin) {
        boolean root = 'id -u'.execute().text.trim() == '0'
        Path dir = Files.createTempDirectory('examples-pg-')
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
            new LocalPostgres(bin, dir, port)
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
}
