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

    def "input that fails to read kills the program before it sees the end of its input (a cut gzip must not look like EOF to psql)"() {
        given: 'a program that records having reached the end of its input, and an input that breaks after some bytes'
        File marker = File.createTempFile('eof', '.seen')
        marker.delete()
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(('x' * 100_000).bytes), new InputStream() {
            @Override
            int read() throws IOException { throw new EOFException('Unexpected end of ZLIB input stream') }
        })

        when:
        new ExternalCommand(['bash', '-c', "cat > /dev/null; echo reached > '${marker}'".toString()]).input(broken).run()

        then:
        def e = thrown(ExternalCommand.InputFailed)
        e.message.contains('Unexpected end of ZLIB input stream')
        !marker.exists()
    }

    def "output that cannot be written (a full disk) fails the call with that error and stops the program"() {
        given:
        OutputStream full = new OutputStream() {
            @Override
            void write(int b) throws IOException { throw new IOException('No space left on device') }
        }

        when:
        new ExternalCommand(['bash', '-c', 'yes']).output(full).run()

        then:
        def e = thrown(IOException)
        e.message == 'No space left on device'
    }
}
