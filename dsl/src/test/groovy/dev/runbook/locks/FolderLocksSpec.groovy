package dev.runbook.locks

import dev.runbook.engine.Operator
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.engine.Clock
import dev.runbook.engine.Integrations
import dev.runbook.compile.RunbookCompiler
import dev.runbook.journal.JournalReader
import dev.runbook.journal.LockBusyException
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.HexFormat

/**
 * Target locks with a folder journal: lock files under {@code runs/locks} held with flock, so they exclude runs on
 * this machine (and die with the process). A second run wanting the same target is refused before it journals
 * anything, or queues with a wait.
 */
class FolderLocksSpec extends Specification {
    @TempDir Path runs

    private static final String FAILOVER = '''
        runbook('db-failover') {
            param 'db', required: true
            lock "db:${params.db}"
            step('Promote') { log 'promoted' }
        }
        '''

    private RunSession open(String operator, Map<String, String> params, Duration wait = null, boolean dry = false) {
        def runbook = new RunbookCompiler().compile(FAILOVER.stripIndent(true), 'failover.groovy')
        def options = RunOptions.defaults(params).withRunsRoot(runs).withEnvironment([:]).withOperatorName(operator).withLockWait(wait)
                .withDryRun(dry)
        RunSession.open(runbook, options, Operator.NOBODY, Clock.SYSTEM, Integrations.discover(getClass().classLoader))
    }

    def "a second run on the same target is refused with who holds it, and journals nothing"() {
        given:
        def first = open('alice', [db: 'orders'])

        when:
        open('bob', [db: 'orders'])

        then:
        def e = thrown(LockBusyException)
        e.key() == 'db:orders'
        e.holder().runId() == first.id()
        e.holder().operator() == 'alice'
        e.message.startsWith("lock 'db:orders' is held by run ${first.id()} (alice on ".toString())
        Files.list(runs).withCloseable { s -> s.filter { it.fileName.toString() != 'locks' }.count() } == 1

        cleanup:
        first?.close()
    }

    def "a run that loses the race by a moment still learns who holds the lock"() {
        given: 'a run that has just taken the lock and not yet written who it is (it does 300 ms later)'
        def runbook = new RunbookCompiler().compile(FAILOVER.stripIndent(true), 'failover.groovy')
        def options = RunOptions.defaults([db: 'orders']).withRunsRoot(runs).withEnvironment([:]).withOperatorName('bob')
        Path dir = Files.createDirectories(runs.resolve('locks'))
        def file = dir.resolve('db_orders-' + HexFormat.of().toHexDigits('db:orders'.hashCode()) + '.lock')
        def channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)
        def held = channel.lock()
        def writer = Thread.start {
            Thread.sleep(300)
            channel.write(java.nio.ByteBuffer.wrap('{"key":"db:orders","run":"20261126-120000-abcd","operator":"carol","host":"db-box","pid":42,"since":"2026-11-26T12:00:00Z"}'.bytes), 0)
        }

        when: 'a second run asks for it at once'
        RunSession.open(runbook, options, Operator.NOBODY, Clock.SYSTEM, new Integrations())

        then: 'the refusal names the holder'
        def e = thrown(LockBusyException)
        e.holder().operator() == 'carol'
        e.message.startsWith("lock 'db:orders' is held by run 20261126-120000-abcd (carol on db-box")

        cleanup:
        writer?.join()
        held?.release()
        channel?.close()
    }

    def "runs on different targets do not wait for each other"() {
        when:
        def orders = open('alice', [db: 'orders'])
        def billing = open('bob', [db: 'billing'])

        then:
        orders.id() != billing.id()

        cleanup:
        orders?.close()
        billing?.close()
    }

    def "the lock is journaled when the run starts, and freed when the run ends"() {
        given:
        def first = open('alice', [db: 'orders'])
        first.runToEnd()
        first.close()

        when:
        def second = open('bob', [db: 'orders'])

        then:
        JournalReader.read(first.runDir())*.type().take(3) == ['run.started', 'lock.acquired', 'step.started']
        JournalReader.read(first.runDir()).find { it.type() == 'lock.acquired' }.str('key') == 'db:orders'
        second.id() != first.id()

        cleanup:
        second?.close()
    }

    def "with a wait, the second run queues until the first ends"() {
        given:
        def first = open('alice', [db: 'orders'])
        def waiting = Thread.start { Thread.sleep(600); first.runToEnd(); first.close() }

        when:
        def second = open('bob', [db: 'orders'], Duration.ofSeconds(20))
        second.runToEnd()

        then: 'it took the lock only after the first run finished, and says it waited'
        def acquired = JournalReader.read(second.runDir()).find { it.type() == 'lock.acquired' }
        def firstFinished = JournalReader.read(first.runDir()).find { it.type() == 'run.finished' }
        acquired.at().isAfter(firstFinished.at())
        acquired.num('waitedMs') > 0

        cleanup:
        waiting?.join()
        second?.close()
    }

    def "a dry run takes no lock: it neither waits for a real run nor keeps one waiting"() {
        given:
        def real = open('alice', [db: 'orders'])

        when:
        def dry = open('bob', [db: 'orders'], null, true)
        dry.runToEnd()

        then:
        dry.runDir() != real.runDir()
        !JournalReader.read(dry.runDir()).any { it.type() == 'lock.acquired' }

        cleanup:
        dry?.close()
        real?.close()
    }
}
