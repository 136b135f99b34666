package dev.runbook.integrations.pg

import dev.runbook.engine.StepFailure
import dev.runbook.integrations.testing.PgServer
import dev.runbook.integrations.testing.PgTestContext
import dev.runbook.integrations.testing.SmallDisk
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Timeout

import java.util.concurrent.TimeUnit

/**
 * A dump onto a disk that fills (a 128 KB tmpfs): the call fails naming the full disk (before issue 19 it said only
 * "pg_dump exited 141:", the SIGPIPE of a pipe nobody read any more), no pg_dump is left running, no file is left.
 */
@Requires(value = { PgServer.runnable() }, reason = 'PostgreSQL server binaries are not installed (run .ci/install-postgres.sh)')
@Requires(value = { SmallDisk.mountable() }, reason = 'mounting a small tmpfs (a disk that fills) needs root')
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang is a failure, not a stuck build
class PgDiskFullFaultSpec extends Specification {
    def "a dump onto a full disk fails saying so and leaves the disk empty"() {
        given:
        PgServer server = PgServer.get()
        PgTestContext ctx = new PgTestContext(server.env())
        def pg = new PgProvider().create(ctx)
        String shop = PgFixtures.freshShop(server, 'full')
        server.psql(shop, 'CREATE TABLE big AS SELECT g, md5(g::text) AS h FROM generate_series(1, 50000) g')
        SmallDisk disk = SmallDisk.mount('128k')

        when:
        pg.dump(shop, to: disk.dir.resolve("${name}"))

        then:
        def e = thrown(StepFailure)
        e.message.contains('No space left on device')
        disk.files() == []
        ProcessHandle.current().descendants().noneMatch { it.info().command().orElse('').endsWith('/pg_dump') }

        cleanup:
        disk?.close()

        where:
        name << ['shop.dump', 'shop.sql.gz', 'shop.sql']
    }
}
