package dev.runbook.engine

import spock.lang.Specification
import spock.lang.Timeout

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Step workers are threads kept from one step to the next. A Ctrl-C or a timeout interrupts the step that runs; it
 * must never reach a later step that happens to run on the same thread, nor be lost because the step had not
 * started yet.
 */
@Timeout(10)
class StepWorkerSpec extends Specification {

    def "a worker runs its body under the step's name, and the thread takes its own name back afterwards"() {
        given:
        def names = []
        def threads = []

        when:
        ['Check health', 'Roll back'].each { label ->
            def w = new StepWorker(label, { names << Thread.currentThread().name; threads << Thread.currentThread() })
            w.start()
            w.join(5000)
            assert !w.isAlive()
        }

        then: 'each step shows its own name while it runs, and the thread gives it back afterwards'
        names == ['runbook: Check health', 'runbook: Roll back']
        threads.every { !it.name.startsWith('runbook: ') }
    }

    def "an interrupt stops the body that runs"() {
        given:
        def started = new CountDownLatch(1)
        def outcome = null
        def w = new StepWorker('Wait', {
            started.countDown()
            try {
                Thread.sleep(10_000)
                outcome = 'slept'
            } catch (InterruptedException e) {
                outcome = 'interrupted'
            }
        })

        when:
        w.start()
        started.await(5, TimeUnit.SECONDS)
        w.interrupt()
        w.join(5000)

        then:
        outcome == 'interrupted'
        !w.isAlive()
    }

    def "an interrupt asked for before the body starts reaches it as it starts"() {
        given:
        def seen = null
        def w = new StepWorker('Early', { seen = Thread.currentThread().isInterrupted() })

        when:
        w.interrupt()
        w.start()
        w.join(5000)

        then:
        seen == true
    }

    def "an interrupt that comes after the body ended never reaches the next step on that thread"() {
        when: 'again and again, the watcher interrupts a step that has just ended, and the next step starts'
        def runs = reuses { first -> first.interrupt() }

        then: 'the next step ran on the same thread at least once, and never saw the interrupt'
        runs.any { it.sameThread }
        runs.every { !it.interrupted }
    }

    /**
     * Runs a first step, then {@code afterFirst} on its worker, then a second step, 30 times; a kept thread is usually the
     * one the second step gets, but not always (it may not be idle again yet), so the callers check it happened.
     */
    private static List<Map> reuses(Closure afterFirst) {
        (1..30).collect {
            Thread firstThread = null
            def first = new StepWorker('First', { firstThread = Thread.currentThread() })
            first.start()
            first.join(5000)
            afterFirst?.call(first)
            Thread.sleep(2) // time for the thread to be idle again
            Thread secondThread = null
            boolean interrupted = true
            def second = new StepWorker('Second', {
                secondThread = Thread.currentThread()
                interrupted = Thread.currentThread().isInterrupted()
            })
            second.start()
            second.join(5000)
            [sameThread: firstThread.is(secondThread), interrupted: interrupted]
        }
    }
}
