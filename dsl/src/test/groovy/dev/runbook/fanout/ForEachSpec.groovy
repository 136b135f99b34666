package dev.runbook.fanout

import dev.runbook.engine.Integrations
import dev.runbook.engine.Outcome
import dev.runbook.engine.Poll
import dev.runbook.engine.Processes
import dev.runbook.engine.RunbookRunner
import dev.runbook.journal.FileJournal
import dev.runbook.testing.ScriptedHttpServer
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** forEach: the top-level node and the call inside a step, run for real (sh, Groovy) on virtual threads. */
@Timeout(60)
class ForEachSpec extends Specification {
    @TempDir Path tmp
    RunbookRunner runner
    List<Long> leftovers = []

    def setup() {
        runner = new RunbookRunner(tmp.resolve('runs'))
    }

    def cleanup() {
        leftovers.each { Processes.kill(it) }
    }

    def "no more targets run at once than concurrency allows, and that many do"() {
        given: 'targets that meet in groups of four at a barrier: with fewer at once they would wait in vain'
        def run = runner.run('''
            def now = new java.util.concurrent.atomic.AtomicInteger()
            def most = new java.util.concurrent.atomic.AtomicInteger()
            def meet = new java.util.concurrent.CyclicBarrier(4)
            runbook('limit') {
                forEach((1..20).toList(), name: 'Twenty', concurrency: 4) { i ->
                    most.accumulateAndGet(now.incrementAndGet(), Math::max)
                    meet.await(20, java.util.concurrent.TimeUnit.SECONDS)
                    now.decrementAndGet()
                    i
                }
                step('Report') { log "most at once: ${most.get()}" }
            }
        ''')

        expect:
        run.result.outcome() == Outcome.SUCCEEDED
        run.logs('Report') == ['most at once: 4']
        run.events('fanout.target').size() == 20
        run.events('fanout.target').every { it.str('status') == 'ok' }
    }

    def "once more targets failed than maxErrors, no further target is launched and the node fails"() {
        when: 'one at a time, every target fails, maxErrors 2'
        def run = runner.run('''
            runbook('max-errors') {
                forEach((1..10).toList(), name: 'Ten', concurrency: 1, maxErrors: 2) { i -> sh "echo target $i; exit 3" }
                step('After') { sh 'echo never' }
            }
        ''')
        def finished = run.event('fanout.finished')

        then: 'the third failure exceeds the limit: three were launched, seven never were'
        run.events('command.started')*.str('fanOutTarget') == ['1', '2', '3']
        finished.num('failed') == 3
        finished.num('skipped') == 7
        finished.str('notLaunched').contains('more than maxErrors (2)')
        run.step('Ten').status == 'failed'
        run.step('Ten').value.skipped*.target == (4..10).toList()
        run.step('Ten').value.skipped.every { it.status == 'skipped' }
        run.result.outcome() == Outcome.FAILED
        run.result.failure().step == 'Ten'
        run.result.failure().message.startsWith('3 of 10 targets failed (7 not launched); first: 1: command exited 3')
        run.step('After').status == 'pending'
    }

    def "maxErrors as a percentage of the targets: 20.percent of ten allows two failures"() {
        when:
        def run = runner.run('''
            runbook('percent') {
                forEach((1..10).toList(), name: 'Ten', concurrency: 1, maxErrors: 20.percent) { i -> fail("no $i") }
            }
        ''')

        then:
        run.event('fanout.started').str('maxErrors') == '20%'
        run.event('fanout.finished').num('failed') == 3
        run.event('fanout.finished').num('skipped') == 7
    }

    def "a target that passes its timeout has its command killed and fails alone; the others finish"() {
        when:
        def run = runner.run('''
            runbook('target-timeout') {
                param 'dir'
                forEach(['fast', 'slow', 'also fast'], name: 'Three', concurrency: 3, timeout: 3.seconds, continueOnFailure: true) { t ->
                    if (t == 'slow') sh 'sleep 30 & echo $! > "$DIR/pid"; wait', env: [DIR: params.dir]
                    else sh "echo $t"
                    t
                }
            }
        ''', [dir: tmp.toString()])
        long pid = Processes.pidFrom(tmp.resolve('pid'))
        leftovers << pid
        def results = run.step('Three').value

        then:
        Poll.within(5) { Processes.gone(pid) }
        results*.target == ['fast', 'slow', 'also fast']
        results*.status == ['ok', 'failed', 'ok']
        results[1].error == 'timed out after 3.0s (its processes were killed)'
        results.values == [fast: 'fast', 'also fast': 'also fast']
        run.step('Three').status == 'failed continued'
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "inside a step, forEach returns a result per target: status, value, error and duration"() {
        when:
        def run = runner.run('''
            runbook('in-step') {
                step('Check') {
                    def results = forEach(['a', 'bb', 'ccc', 'dddd'], concurrency: 2, continueOnFailure: true) { s ->
                        if (s == 'ccc') fail("$s is down")
                        s.size()
                    }
                    log "values ${results.values}"
                    log "failed ${results.failed*.target} ${results.failed*.error}"
                    log "durations ${results.every { it.duration != null }}"
                    results.ok.size()
                }
            }
        ''')

        then:
        run.logs('Check') == ['values [a:1, bb:2, dddd:4]', 'failed [ccc] [ccc is down]', 'durations true']
        run.step('Check').value == 3
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "inside a step, a failed target fails the step unless continueOnFailure; retries run the fan-out again"() {
        when:
        def run = runner.run('''
            def tries = new java.util.concurrent.atomic.AtomicInteger()
            runbook('in-step-fails') {
                step('Check', retry: 1) {
                    int attempt = tries.incrementAndGet()
                    forEach(['a', 'b']) { s -> if (s == 'b' && attempt == 1) fail('b is down') }
                    log "attempt $attempt passed"
                }
            }
        ''')

        then:
        run.events('step.attempt.failed')[0].str('error').endsWith('1 of 2 targets failed; first: b: b is down')
        run.logs('Check') == ['attempt 2 passed']
        run.events('fanout.started').size() == 2
        run.result.outcome() == Outcome.SUCCEEDED
    }

    def "http inside the targets: each call is journaled with its fan-out target, and a bad answer fails only that target"() {
        given:
        def server = new ScriptedHttpServer()
        ['/a', '/b', '/c'].each { server.statuses(it, 200) }
        server.statuses('/down', 503)
        runner.integrations = Integrations.discover(getClass().classLoader)

        when:
        def run = runner.run('''
            runbook('http-fan') {
                param 'base', required: true
                step('Health') {
                    def results = forEach(['a', 'b', 'down', 'c'], concurrency: 4, continueOnFailure: true) { p ->
                        def r = http.get("${params.base}/$p")
                        if (r.status != 200) fail("$p answered ${r.status}")
                        r.status
                    }
                    log "ok ${results.ok*.target}, failed ${results.failed*.target}"
                }
            }
        ''', [base: server.url('')])
        def calls = run.events('integration.call')

        then:
        run.logs('Health') == ['ok [a, b, c], failed [down]']
        calls.size() == 4
        calls.every { it.str('step') == 'Health' && it.str('integration') == 'http' }
        calls.collect { [it.str('fanOutTarget'), it.str('target')] }.sort { it[0] } ==
                ['a', 'b', 'c', 'down'].collect { [it, server.url("/$it")] }
        run.events('fanout.target').find { it.str('target') == 'down' }.str('error') == 'down answered 503'

        cleanup:
        server?.close()
    }

    def "inside a step, a wrong option fails the step when the call runs, with what to write instead"() {
        when:
        def run = runner.run('''
            runbook('bad-option') {
                step('Check') { forEach(['a'], concurency: 5) { t -> t } }
            }
        ''')

        then:
        run.result.outcome() == Outcome.FAILED
        run.result.failure().message == "x.groovy:3:33: unknown option 'concurency:' for forEach — did you mean 'concurrency'?"
        run.events('fanout.started').isEmpty()
    }

    def "the targets may be computed when the node runs, from params"() {
        when:
        def run = runner.run('''
            runbook('computed') {
                param 'hosts', required: true
                forEach({ params.hosts.split(',') }, name: 'Hosts') { h -> h.toUpperCase() }
            }
        ''', [hosts: 'web1,web2,db1'])

        then:
        run.step('Hosts').value.values == [web1: 'WEB1', web2: 'WEB2', db1: 'DB1']
        run.event('fanout.started').num('targets') == 3
    }

    def "each finished target is one compact journal event between the fan-out's start and summary, and every line is valid JSON"() {
        when:
        def run = runner.run('''
            runbook('journal') {
                forEach((1..30).toList(), name: 'Thirty', concurrency: 8) { i -> sh "echo $i"; if (i == 7) fail('seven') }
            }
        ''')
        def types = run.types()
        def targets = run.events('fanout.target')

        then: 'read back from disk, line by line'
        Files.readAllLines(run.result.runDir().resolve(FileJournal.FILE_NAME)).size() == run.journal.size()
        run.journal*.seq() == (1..run.journal.size()).toList()
        types.indexOf('fanout.started') < types.indexOf('fanout.target')
        types.lastIndexOf('fanout.target') < types.indexOf('fanout.finished')
        targets*.str('target').sort() == (1..30)*.toString().sort()
        targets.find { it.str('target') == '7' }.data().keySet() == ['step', 'target', 'index', 'status', 'ms', 'error'] as Set
        targets.find { it.str('target') == '7' }.str('error') == 'seven'
        targets.find { it.str('target') == '8' }.data().keySet() == ['step', 'target', 'index', 'status', 'ms'] as Set
        run.event('fanout.finished').data().subMap('targets', 'ok', 'failed', 'skipped') == [targets: 30, ok: 29, failed: 1, skipped: 0]
        run.event('fanout.finished').get('failures') == [[target: '7', error: 'seven']]
        and: 'the commands of each target are journaled with it'
        run.events('command.started').findAll { it.str('step') == 'Thirty' }*.str('fanOutTarget').sort() == (1..30)*.toString().sort()
    }

    def "Ctrl-C stops every running target, launches no more, and ends the run as aborted (#how)"() {
        given:
        def session = runner.open("""
            runbook('ctrl-c') {
                param 'dir'
                forEach((1..50).toList(), name: 'Fifty', concurrency: 5$options) { i ->
                    sh "echo \\\$\\\$ > \\"\$params.dir/pid-\$i\\"; exec sleep 30"
                }
            }
        """, [dir: tmp.toString()])

        when: 'the operator presses Ctrl-C once five commands run'
        def interrupter = Thread.start {
            assert Poll.within(20) { (1..5).every { Files.exists(tmp.resolve("pid-$it")) } }
            session.session.interrupt()
        }
        def run = session.runToEnd()
        interrupter.join()
        def pids = (1..5).collect { Processes.pidFrom(tmp.resolve("pid-$it")) }
        leftovers.addAll(pids)

        then: 'the five running were stopped (and are gone) before the summary, which counts them as stopped, not as never launched'
        pids.every { Processes.gone(it) }
        run.result.outcome() == Outcome.ABORTED
        run.event('fanout.finished').data().subMap('ok', 'failed', 'skipped') == [ok: 0, failed: 5, skipped: 45]
        run.events('fanout.target')*.str('status') == ['failed'] * 5
        run.events('fanout.target')*.str('error').every { it.startsWith('stopped') }
        run.types().lastIndexOf('fanout.target') < run.types().indexOf('fanout.finished')
        run.console.contains('0 ok · 5 failed · 45 not launched')
        !Files.exists(tmp.resolve('pid-6'))

        where:
        how                                   | options
        'each target on the runner\'s thread' | ''
        'each target watched for its timeout' | ', timeout: 60.seconds'
    }

    def "Ctrl-C while targets keep finishing and launching: the running ones are waited for and counted as stopped"() {
        given: 'five long targets, then many short ones that keep the sixth slot busy'
        def session = runner.open('''
            runbook('ctrl-c-busy') {
                param 'dir'
                forEach((1..2000).toList(), name: 'Busy', concurrency: 6) { i ->
                    if (i <= 5) sh "echo \\$\\$ > \\"$params.dir/pid-$i\\"; exec sleep 30"
                    else sh 'true'
                }
            }
        ''', [dir: tmp.toString()])

        when: 'the operator presses Ctrl-C while short targets come and go'
        def interrupter = Thread.start {
            assert Poll.within(20) { (1..5).every { Files.exists(tmp.resolve("pid-$it")) } }
            Thread.sleep(300)
            session.session.interrupt()
        }
        def run = session.runToEnd()
        interrupter.join()
        def pids = (1..5).collect { Processes.pidFrom(tmp.resolve("pid-$it")) }
        leftovers.addAll(pids)
        def summary = run.event('fanout.finished')
        def stopped = run.events('fanout.target').findAll { it.str('status') == 'failed' }

        then: 'every launched target has its event before the summary; only the never launched count as not launched'
        pids.every { Processes.gone(it) }
        run.result.outcome() == Outcome.ABORTED
        run.events('fanout.target').size() == summary.num('ok') + summary.num('failed')
        run.types().lastIndexOf('fanout.target') < run.types().indexOf('fanout.finished')
        stopped*.str('target').containsAll((1..5)*.toString())
        stopped*.str('error').every { it.startsWith('stopped') || it.contains('exited') }
        summary.num('skipped') == 2000 - run.events('command.started').size()
    }

    /** Held by a feature while a target waits for it: a wait that no interrupt ends. */
    static final java.util.concurrent.locks.ReentrantLock HELD = new java.util.concurrent.locks.ReentrantLock()

    @Timeout(30)
    def "a target that does not stop within five seconds of Ctrl-C is reported as left behind, not as never launched"() {
        given: 'a target that waits for a lock the feature holds (lock() ignores interrupts)'
        HELD.lock()
        def session = runner.open('''
            runbook('stuck') {
                forEach(['db-1', 'db-2'], name: 'Stuck', concurrency: 1) { t ->
                    dev.runbook.fanout.ForEachSpec.HELD.lock()
                    dev.runbook.fanout.ForEachSpec.HELD.unlock()
                }
            }
        ''')

        when:
        def interrupter = Thread.start {
            assert Poll.within(20) { HELD.hasQueuedThreads() }
            session.session.interrupt()
        }
        def run = session.runToEnd()
        interrupter.join()

        then:
        run.result.outcome() == Outcome.ABORTED
        run.events('fanout.target')*.data()*.subMap('target', 'status', 'error') ==
                [[target: 'db-1', status: 'failed', error: 'stopped, and still running 5.0s later: left behind (its processes were killed)']]
        run.events('fanout.target')[0].num('ms') >= 5000
        run.event('fanout.finished').data().subMap('ok', 'failed', 'skipped') == [ok: 0, failed: 1, skipped: 1]

        cleanup:
        if (HELD.heldByCurrentThread) HELD.unlock()
    }
}
