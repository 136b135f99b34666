package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Target locks with the default folder journal, between processes of one machine: lock files held with flock, which
 * the kernel releases when the process dies, so a run killed with SIGKILL never leaves its target locked.
 */
class FolderLockCliSpec extends Specification {
    @TempDir Path dir
    List<CliProcess> children = []

    def cleanup() {
        children.each { it.destroy() }
    }

    private void write() {
        Files.writeString(dir.resolve('failover.groovy'), """
            runbook('db-failover') {
                param 'db', required: true
                lock "db:\${params.db}"
                step('Promote') { sh 'while [ ! -f ${dir.resolve('release')} ]; do sleep 0.05; done; echo promoted' }
            }
            """.stripIndent(true))
    }

    private CliProcess child(String operator) {
        Path own = Files.createDirectories(dir.resolve(operator))
        def p = CliProcess.start(own, ['exec', dir.resolve('failover.groovy').toString(), '-p', 'db=orders', '--operator', operator,
                                       '--journal', dir.resolve('runs').toString()])
        children << p
        p
    }

    /** The lock file's holder record, once a run has written it. */
    private String lockRecord() {
        Path locks = dir.resolve('runs/locks')
        if (!Files.isDirectory(locks)) return ''
        Files.list(locks).withCloseable { s -> s.findFirst().map { Files.readString(it) }.orElse('') }
    }

    def "a second process on the same target is refused with the holder; after the holder is killed with SIGKILL, the next run takes it"() {
        given:
        write()
        def holder = child('alice')
        assert CliProcess.poll(60) { lockRecord().contains('"operator":"alice"') }

        when: 'bob tries while alice holds it'
        def refused = CliSession.run('exec', dir.resolve('failover.groovy'), '-p', 'db=orders', '--operator', 'bob',
                '--journal', dir.resolve('runs'))

        then:
        refused.exitCode() == 4
        refused.errors =~ /runbook: lock 'db:orders' is held by run \d{8}-\d{6}-[0-9a-f]{4} \(alice on .+, since .+\)/

        when: 'alice is killed; bob goes again'
        holder.process.toHandle().descendants().forEach { it.destroyForcibly() }
        holder.process.destroyForcibly()
        assert holder.process.waitFor(10, TimeUnit.SECONDS)
        Files.createFile(dir.resolve('release'))
        def next = CliSession.run('exec', dir.resolve('failover.groovy'), '-p', 'db=orders', '--operator', 'bob',
                '--journal', dir.resolve('runs'))

        then:
        next.exitCode() == 0
    }
}
