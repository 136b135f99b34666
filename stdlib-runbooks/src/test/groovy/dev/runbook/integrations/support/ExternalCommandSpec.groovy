package dev.runbook.integrations.support

import spock.lang.Specification
import spock.lang.Timeout

/**
 * The programs integrations run (pg_dump, flyctl, wrangler, supabase…) are real processes. A program that starts a
 * helper in the background which keeps its output open must not hold the step until that helper exits. The JDK
 * does not promise that: when the program exits, it takes what is in the pipe and closes it, unless a reader is
 * blocked on the pipe at that moment, and then the reader waits for the helper (30 s in the first feature, in
 * some runs, before ExternalCommand stopped waiting on its own). What a helper writes after the program exited
 * may be lost either way, which is why no feature asks for it.
 */
@Timeout(30)
class ExternalCommandSpec extends Specification {
    List<Long> helpers = []

    def cleanup() {
        // the background helpers of these features: their pids are in the output
        helpers.each { pid -> ProcessHandle.of(pid).ifPresent { it.destroyForcibly() } }
    }

    def "a program that leaves a helper holding its output returns soon after it exits, with what it printed"() {
        when:
        long start = System.nanoTime()
        def r = new ExternalCommand(['bash', '-c', 'sleep 30 & echo "helper $!"; echo done']).run()
        long tookMs = (System.nanoTime() - start).intdiv(1_000_000)
        helpers << (r.stdout().readLines()[0] - 'helper ' as long)

        then:
        r.exitCode() == 0
        r.stdout().readLines()[1] == 'done'
        tookMs < 5_000 // the helper sleeps for 30 s; about half a second of silence ends the wait
    }

    def "stderr is captured too, and an exit code comes back as it is"() {
        when:
        def r = new ExternalCommand(['bash', '-c', 'echo oops >&2; exit 3']).run()

        then:
        r.exitCode() == 3
        r.stderr() == 'oops\n'
        r.tail(1) == 'oops'
    }

    def "once the wait has ended, a helper's late output never reaches the caller's stream"() {
        given:
        def sink = new ByteArrayOutputStream()

        when:
        def r = new ExternalCommand(['bash', '-c', 'echo first; (sleep 1.5; echo late) &']).output(sink).run()
        Thread.sleep(2_500) // the helper has written by now

        then:
        r.exitCode() == 0
        sink.toString() == 'first\n'
    }
}
