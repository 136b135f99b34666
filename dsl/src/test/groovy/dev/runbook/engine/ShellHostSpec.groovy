package dev.runbook.engine

import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * A {@link ShellHost} starts {@code sh} commands from a bash that stays up instead of from the JVM. These features
 * hold it to what a command started from the JVM gets, and to what a host must never do: mix one command's output
 * into another's, or lose track of a command it started.
 */
class ShellHostSpec extends Specification {
    @TempDir Path tmp
    List<Long> leftovers = []
    def tracked = new TrackedProcesses(null)

    def setup() {
        ShellHostPool.warm() // a host up and idle: commands start from the JVM while none is
    }

    def cleanup() {
        leftovers.each { Processes.kill(it) }
    }

    def "once a host is up, commands go through it: their parent is that bash, not the JVM"() {
        when:
        def r = Shell.run(new ShellCommand('Parent', 'cat /proc/$PPID/comm; echo $PPID', null, [:], tmp.toFile()), tracked, { s, l -> })

        then:
        r.stdout.readLines()[0] == 'bash'
        r.stdout.readLines()[1] as long != ProcessHandle.current().pid()
    }

    def "a runbook of a few commands starts them from the JVM and pays for no host"() {
        given: 'a new JVM, as far as hosts go'
        ShellHostPool.closeAll()

        when:
        def parents = (1..3).collect {
            Shell.run(new ShellCommand("Step $it", 'cat /proc/$PPID/comm', null, [:], tmp.toFile()), tracked, { s, l -> }).stdout.trim()
        }

        then:
        parents == ['java'] * 3
        !ShellHostPool.anyStartedOrStarting()
    }

    def "the next command does not wait for a host: it starts from the JVM while one starts for the commands after it"() {
        given: 'a run past its first few commands, with no host up'
        ShellHostPool.closeAll()
        3.times { Shell.run(new ShellCommand('Early', 'true', null, [:], tmp.toFile()), tracked, { s, l -> }) }

        when:
        def fourth = Shell.run(new ShellCommand('Fourth', 'cat /proc/$PPID/comm', null, [:], tmp.toFile()), tracked, { s, l -> })

        then: 'its parent is the JVM, and a host is starting'
        fourth.stdout.trim() == 'java'
        ShellHostPool.anyStartedOrStarting()

        when: 'the host has come up'
        ShellHostPool.warm()
        def next = Shell.run(new ShellCommand('Next', 'cat /proc/$PPID/comm', null, [:], tmp.toFile()), tracked, { s, l -> })

        then:
        next.stdout.trim() == 'bash'
    }

    def "while commands keep finding no host idle, hosts that finish are kept for them; once it is quiet, four stay idle"() {
        given: 'a run past its first few commands, with one host up; demand lasts as long as the burst, however slow the machine'
        ShellHostPool.closeAll()
        ShellHostPool.warm()
        ShellHostPool.demandWindow(java.time.Duration.ofMinutes(1))
        def pool = Executors.newFixedThreadPool(20)

        // hosts start one at a time, so a loaded machine needs more rounds; without the rule no round ever ends so
        when: 'a fan-out: rounds of 20 commands at a time, until a round ends with more hosts kept than the four kept when quiet'
        int rounds = 0
        while (ShellHostPool.idle() <= ShellHostPool.MAX_IDLE && rounds++ < 100) {
            (1..20).collect { i ->
                pool.submit({ Shell.run(new ShellCommand("Target $i", 'sleep 0.05', null, [:], tmp.toFile()), tracked, { s, l -> }) } as Callable)
            }*.get()
        }

        then: 'the hosts that finished were kept, idle, ready for the next targets'
        ShellHostPool.idle() > ShellHostPool.MAX_IDLE
        ShellHost.live() <= ShellHostPool.MAX_HOSTS

        when: 'the commands are quiet, then come one at a time'
        ShellHostPool.quiet()
        ShellHostPool.MAX_HOSTS.times { Shell.run(new ShellCommand('Next', 'true', null, [:], tmp.toFile()), tracked, { s, l -> }) }

        then:
        ShellHostPool.idle() == ShellHostPool.MAX_IDLE

        cleanup:
        pool?.shutdownNow()
        ShellHostPool.demandWindow(null)
    }

    @Timeout(20)
    def "Ctrl-C while a command that ended is still read (a background child holds its output) stops the step at once"() {
        given: 'a command that leaves a background child holding its stdout, and exits'
        def command = new ShellCommand('Daemon', 'sleep 30 & echo $! > "$DIR/bg"; echo started', null, [DIR: tmp.toString()], tmp.toFile())
        def seen = new java.util.concurrent.CountDownLatch(1)
        Throwable thrown = null
        def step = Thread.start {
            try {
                Shell.run(command, tracked, { s, l -> if (l == 'started') seen.countDown() })
            } catch (Throwable t) {
                thrown = t
            }
        }

        when: 'the operator presses Ctrl-C while its output is still waited for'
        assert seen.await(10, java.util.concurrent.TimeUnit.SECONDS)
        long child = Processes.pidFrom(tmp.resolve('bg'))
        leftovers << child
        Thread.sleep(150) // bash has exited and the host said so; the step waits for the rest of the output
        long t0 = System.nanoTime()
        step.interrupt()
        step.join()
        long tookMs = (System.nanoTime() - t0).intdiv(1_000_000)

        then: 'the step stops well before the host would have been given up on (5 s), and what it left is killed with it'
        thrown instanceof InterruptedException
        tookMs < 2500
        Poll.within(5) { Processes.gone(child) }
    }

    def "a command started by a host sees what a command started from the JVM sees"() {
        given: 'a command that prints what a command can find out about how it was started'
        def probe = '''
            env | grep -v -e '^_=' | sort
            echo "cwd=$(pwd) stdin=$(cat) flags=$- zero=$0 args=$#"
            echo "leader=$([ "$(ps -o pgid= -p $$ | tr -d ' ')" = "$$" ] && echo yes || echo no)"
            grep -E '^(SigIgn|SigBlk|SigCgt)' /proc/$$/status
            echo "umask=$(umask)"
            echo to-err >&2
            exit 7
        '''
        def command = new ShellCommand('Probe', probe, null, [RUN_VAR: 'from the run', 'QUOTE': "it's \$HOME \"quoted\"\nsecond line"], tmp.toFile())

        when:
        def fromHost = Shell.run(command, tracked, { s, l -> })
        def fromJvm = Shell.runDirect(command, tracked, { s, l -> })

        then: 'the same environment, directory, stdin, flags, signals, open files, exit code and output'
        fromHost.stdout == fromJvm.stdout
        fromHost.stderr == fromJvm.stderr
        fromHost.exitCode == 7
        fromJvm.exitCode == 7
        fromHost.stdout.contains("RUN_VAR=from the run")
        fromHost.stdout.contains("QUOTE=it's \$HOME \"quoted\"\n")
        fromHost.stdout.contains("cwd=${tmp.toRealPath()} stdin= flags=hBc zero=bash args=0")
        fromHost.stdout.contains('leader=yes')
    }

    def "a command started by a host has only stdin, stdout and stderr open: nothing of the host leaks into it"() {
        when:
        // bash lists its own open files itself (a pipeline's pipes would show up while it starts); 3 is the folder
        // the glob reads to list them
        def r = Shell.run(new ShellCommand('Fds', 'cd /proc/$$/fd && echo *', null, [:], tmp.toFile()), tracked, { s, l -> })

        then:
        r.stdout == '0 1 2 3\n'
    }

    def "each command's output is its own, even when an earlier command left a child writing to its pipe"() {
        given: 'a command whose background child writes again after the command has ended'
        def first = new ShellCommand('First', 'echo first; (sleep 2; echo late-from-first; sleep 30) & echo $! > child',
                null, [:], tmp.toFile())
        def second = new ShellCommand('Second', 'sleep 3; echo second', null, [:], tmp.toFile())
        def secondLines = [].asSynchronized()

        when:
        def r1 = Shell.run(first, tracked, { s, l -> })
        leftovers << Processes.pidFrom(tmp.resolve('child'))
        def r2 = Shell.run(second, tracked, { s, l -> secondLines << l })

        then: 'the late line belongs to the first command and never shows up in the second'
        r1.stdout == 'first\n'
        r2.stdout == 'second\n'
        secondLines == ['second']
    }

    @Timeout(30)
    def "commands that run side by side, through the host or from the JVM, each get their own output and exit code"() {
        given:
        def pool = Executors.newFixedThreadPool(6)

        when:
        def results = pool.invokeAll((1..6).collect { n ->
            { -> Shell.run(new ShellCommand("T$n", "sleep 0.3; echo out-$n; echo err-$n >&2; exit $n", null, [:], tmp.toFile()),
                    tracked, { s, l -> }) } as Callable
        })*.get()

        then:
        results.collect { [it.exitCode, it.stdout, it.stderr] } == (1..6).collect { [it, "out-$it\n", "err-$it\n"] }

        cleanup:
        pool.shutdown()
    }

    @Timeout(30)
    def "a command killed by its timeout takes its whole group with it and leaves the host fit for the next command"() {
        given:
        def slow = new ShellCommand('Slow', 'sleep 60 & echo $! > bg; sleep 60', Duration.ofMillis(500), [:], tmp.toFile())

        when:
        Shell.run(slow, tracked, { s, l -> })

        then:
        def e = thrown(StepFailure)
        e.kind() == StepFailure.Kind.TIMEOUT
        def bg = Processes.pidFrom(tmp.resolve('bg'))
        Poll.within(5) { Processes.gone(bg) }

        when: 'the next command'
        def next = Shell.run(new ShellCommand('Next', 'cat /proc/$PPID/comm', null, [:], tmp.toFile()), tracked, { s, l -> })

        then: 'the same host starts it'
        next.exitCode == 0
        next.stdout == 'bash\n'
    }

    @Timeout(30)
    def "a host that dies under a running command fails that step, and the next commands still run"() {
        given: 'a command that kills the bash that started it (its parent, when a host started it)'
        def killer = new ShellCommand('Kill host', '[ "$(cat /proc/$PPID/comm)" = bash ] && kill -9 $PPID; sleep 0.5; echo survived',
                null, [:], tmp.toFile())

        when:
        Shell.run(killer, tracked, { s, l -> })

        then:
        def e = thrown(StepFailure)
        e.message.contains('stopped while it ran')

        when: 'one right away (from the JVM while a new host starts), one once it is up'
        def next = Shell.run(new ShellCommand('Next', 'echo next', null, [:], tmp.toFile()), tracked, { s, l -> })
        ShellHostPool.warm()
        def later = Shell.run(new ShellCommand('Later', 'cat /proc/$PPID/comm', null, [:], tmp.toFile()), tracked, { s, l -> })

        then:
        next.stdout == 'next\n'
        later.stdout == 'bash\n'
    }

    @Timeout(30)
    def "a command that is stopped and continued from outside is waited for to its end"() {
        given: 'a command someone pauses with kill -STOP and resumes with kill -CONT while it runs'
        def command = new ShellCommand('Pausable', 'echo $$ > pid; sleep 1; echo done', null, [:], tmp.toFile())
        def pauser = Thread.start {
            long pid = Processes.pidFrom(tmp.resolve('pid'))
            ['-STOP', '-CONT'].each { signal ->
                Thread.sleep(300)
                new ProcessBuilder('kill', signal, "$pid").start().waitFor()
            }
        }

        when:
        def r = Shell.run(command, tracked, { s, l -> })
        pauser.join()

        then: 'the step ends with the command, not when it was stopped'
        r.exitCode == 0
        r.stdout == 'done\n'
    }

    def "the folder of a host killed with SIGKILL is removed once its JVM is gone; a running JVM's folder stays"() {
        given: 'the folder of a JVM that has exited, and one of this JVM'
        def gone = new ProcessBuilder('true').start().with { it.waitFor(); it.pid() }
        def tmpRoot = tmp.resolve('tmp')
        def stale = Files.createDirectories(tmpRoot.resolve("runbook-sh-$gone-1"))
        Files.writeString(stale.resolve('0.out'), '')
        def live = Files.createDirectories(tmpRoot.resolve("runbook-sh-${ProcessHandle.current().pid()}-1"))
        def other = Files.createDirectories(tmpRoot.resolve('runbook-sh-not-ours'))

        when:
        NamedPipes.sweep(tmpRoot)

        then:
        !Files.exists(stale)
        Files.isDirectory(live)
        Files.isDirectory(other)
    }

    def "the named pipes are in a folder only this user can open"() {
        given:
        def host = ShellHostPool.acquire(new ShellCommand('Probe', 'true', null, [:], tmp.toFile())).orElseThrow()

        when:
        def started = host.launch(new ShellCommand('Probe', 'true', null, [:], tmp.toFile()))
        host.awaitExit(5000)

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(started.pipes().out().parent)) == 'rwx------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(started.pipes().out())) == 'rw-------'

        cleanup:
        started?.readers()?.close()
        host?.close()
    }

    def "a command a host cannot pass on exactly starts from the JVM: #why"() {
        expect:
        !ShellHostPool.acquire(command).present
        Shell.run(command, tracked, { s, l -> }).exitCode == 0

        where:
        why                                       | command
        'an environment name bash cannot export'  | new ShellCommand('Odd', 'true', null, ['odd-name': 'x'], new File('/tmp'))
    }
}
