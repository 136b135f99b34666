package dev.runbook.repl

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 21 end to end: `runbook repl` in a real terminal (a tmux pane, as an on-call engineer runs it), driven by keys;
 * items 1–6 and 8, and TERM=dumb. Every wait is for text appearing in the pane. tmux: .ci/install-tmux.sh.
 */
@Requires({ Tmux.installed() })
class ReplTmuxSpec extends Specification {
    @TempDir
    Path dir

    final Tmux terminal = new Tmux('rb21')
    String session = terminal.session
    Path runbook

    def setup() {
        runbook = dir.resolve('gated.groovy')
        Files.writeString(runbook, '''\
            runbook('gated') {
                severity P2
                step('Look') { log 'looked' }
                requireApproval P1, reason: 'stops the service'
                step('Stop') { log 'STOPPED THE SERVICE' }
            }
            '''.stripIndent())
    }

    def cleanup() {
        terminal.kill()
    }

    def "end of piped input at the approver question: exit 3, asked once, the run aborted"() {
        when:
        def p = new ProcessBuilder(cli('repl', runbook.toString())).directory(dir.toFile()).redirectErrorStream(true).start()
        p.outputStream.withWriter { it << 'next\nnext\n' }
        String out = p.inputStream.text
        p.waitFor()

        then:
        p.exitValue() == 3
        out.count('? approver for approval P1') == 1
        out.contains("end of input at the question 'approver for approval P1'")
    }

    def "at a terminal: looking leaves no run; skip cannot pass the approval; another terminal's approval applies at once; Ctrl-C stops a runaway loop"() {
        when: 'look and leave'
        tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir.toString(), shell(cli('repl', runbook.toString())))
        waitPane('gated [1/3 Look] >')
        keys('status', 'Enter')
        waitPane('pending   Stop')
        keys('exit', 'Enter')
        waitPane('[exited 0]')

        then:
        !Files.exists(dir.resolve('runs')) || Files.list(dir.resolve('runs')).withCloseable { it.toList() }.findAll { Files.exists(it.resolve('journal.jsonl')) }.isEmpty()

        when: 'skip at the approval, then an approval from a second terminal while the approver question waits'
        tmux('respawn-pane', '-k', '-t', session, '-c', dir.toString(), shell(cli('repl', runbook.toString())))
        waitPane('gated [1/3 Look] >')
        keys('next', 'Enter')
        waitPane('gated [2/3 approval P1] >')
        keys('skip', 'Enter')
        waitPane("'approval P1' is an approval and cannot be skipped")
        keys('next', 'Enter')
        waitPane('? approver for approval P1')
        def runId = Files.list(dir.resolve('runs')).withCloseable { it.toList() }.find { Files.exists(it.resolve('journal.jsonl')) }.fileName.toString()
        def approve = new ProcessBuilder(cli('approve', runId, '--as', 'alice', '--role', 'lead')).directory(dir.toFile()).redirectErrorStream(true).start()
        String answer = approve.inputStream.text
        approve.waitFor()

        then: 'no Enter pressed: the run took it'
        waitPane('gated [3/3 Stop] >')
        !answer.contains('did not answer')

        when: 'a runaway loop and Ctrl-C'
        keys("def n = 0; new File('started').text = ''; while (true) { n++ }", 'Enter')
        waitFile(dir.resolve('started'))
        keys('C-c')
        waitPane('stopped by the operator (Ctrl-C)')
        keys('def a = n; Thread.sleep(500); n == a', 'Enter')

        then:
        waitPane('=> true')
    }

    def "a run whose REPL was killed (kill -9) is re-entered with runbook repl --run: finished steps done, params kept"() {
        given:
        def deploy = deployRunbook('false')

        when: 'One runs, Two fails, and the REPL dies'
        tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir.toString(),
                shell(cli('repl', deploy.toString(), '-p', 'env=staging')))
        waitPane('deploy [1/3 One] >')
        keys('set env prod', 'Enter')
        waitPane('env = prod')
        keys('next', 'Enter')
        waitPane('deploy [2/3 Two] >')
        keys('next', 'Enter')
        waitPane('deploy [2/3 Two] failed >')
        def runId = Files.list(dir.resolve('runs')).withCloseable { it.toList() }.find { Files.exists(it.resolve('journal.jsonl')) }.fileName.toString()
        killRepl()
        waitPane('[exited 137]')

        and: 'the operator fixes Two and goes back into the run'
        deployRunbook('true')
        tmux('respawn-pane', '-k', '-t', session, '-c', dir.toString(), shell(cli('repl', '--run', runId)))

        then:
        waitPane("Re-entered run ${runId} (deploy, started")
        waitPane('deploy [2/3 Two]')

        when:
        keys('status', 'Enter')
        waitPane('pending   Three')
        keys('params', 'Enter')
        waitPane('env = prod')
        keys('retry', 'Enter')
        waitPane('deploy [3/3 Three] >')
        keys('run', 'Enter')

        then: 'One is not run again; the value set before the crash is the one used'
        waitPane('deploy [done: succeeded] >')
        pane() =~ /(?m)^\s+1\s+ok\s+One/
        pane().contains('three for prod')
        Files.readAllLines(dir.resolve('runs').resolve(runId).resolve('journal.jsonl')).count { it.contains('"step.started"') && it.contains('"One"') } == 1
    }

    def "the file edited while the REPL is open: the prompt says so, and reload keeps the finished steps and the params"() {
        given:
        def deploy = deployRunbook('false')

        when:
        tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir.toString(),
                shell(cli('repl', deploy.toString(), '-p', 'env=staging')))
        waitPane('deploy [1/3 One] >')
        keys('next', 'Enter')
        waitPane('deploy [2/3 Two] >')
        keys('next', 'Enter')
        waitPane('deploy [2/3 Two] failed >')
        deployRunbook('true', "step('Tell') { log 'told' }")
        keys('status', 'Enter')

        then: 'the next prompt carries the marker'
        waitPane('deploy [2/3 Two] failed (file changed: reload) >')

        when:
        keys('reload', 'Enter')
        waitPane('added:   Tell')
        keys('retry', 'Enter')
        keys('run', 'Enter')

        then:
        waitPane('deploy [done: succeeded] >')
        pane().contains('changed: Two')
        pane().contains('the params are kept')
        pane().contains('three for staging')
        pane().contains('told')
    }

    def "TERM=dumb: a runbook loaded behind the prompt shows without a key pressed"() {
        when:
        tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir.toString(),
                'TERM=dumb ' + shell(cli('repl', runbook.toString())))
        waitPane('runbook')

        then: 'nothing typed: the load shows, and the prompt below it is the runbook one'
        waitPane('Loaded gated from')
        waitPane('gated [1/3 Look] >')
    }

    def "kill -9 of the REPL while a step's command runs: the command and its child die with it"() {
        given:
        def file = dir.resolve('long.groovy')
        Files.writeString(file, """\
            runbook('long') {
                step('Work') { sh 'sleep 300 & echo \$! > ${dir}/child.pid; echo \$\$ > ${dir}/work.pid; wait; echo late >> ${dir}/ledger.txt' }
            }
            """.stripIndent())

        when:
        tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', dir.toString(), shell(cli('repl', file.toString())))
        waitPane('long [1/1 Work] >')
        keys('next', 'Enter')
        waitFile(dir.resolve('work.pid'))
        waitFile(dir.resolve('child.pid'))
        def work = ProcessHandle.of(Files.readString(dir.resolve('work.pid')).strip() as long).orElseThrow()
        def child = ProcessHandle.of(Files.readString(dir.resolve('child.pid')).strip() as long).orElseThrow()
        killRepl()
        waitPane('[exited 137]')

        then: 'both end: the engine watchdog kills the process group once the JVM is gone'
        waitGone(work)
        waitGone(child)
        !Files.exists(dir.resolve('ledger.txt'))

        cleanup:
        [work, child].each { it?.destroyForcibly() }
    }

    private static void waitGone(ProcessHandle p) {
        long end = System.nanoTime() + 60_000_000_000L
        while (p.alive && System.nanoTime() < end) Thread.sleep(50)
        assert !p.alive
    }

    private Path deployRunbook(String twoCommand, String extraStep = '') {
        def file = dir.resolve('deploy.groovy')
        Files.writeString(file, """\
            runbook('deploy') {
                param 'env', required: true
                step('One') { log "one-\${params.env}" }
                step('Two') { sh '${twoCommand}' }
                ${extraStep}
                step('Three') { log "three for \${params.env}" }
            }
            """.stripIndent())
        file
    }

    /** kill -9 of the REPL's JVM (the pane's shell is its parent), as a crash or an OOM killer would. */
    private void killRepl() {
        new ProcessBuilder('kill', '-9', terminal.java().pid() as String).start().waitFor()
    }

    private static List<String> cli(String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        [java, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', System.getProperty('java.class.path'), 'dev.runbook.app.Main',
         *args, *(args[0] in ['repl', 'approve'] ? ['--journal', 'runs'] : [])] + (args[0] == 'repl' ? ['--history', 'hist'] : [])
    }

    /** The command in the pane; the pane stays to show how it ended. */
    private static String shell(List<String> command) {
        command.collect { "'" + it.replace("'", "'\\''") + "'" }.join(' ') + '; echo "[exited $?]"; sleep 600'
    }

    private void tmux(String... args) {
        terminal.run(args)
    }

    private void keys(String... keys) {
        terminal.keys(keys)
    }

    private String pane() {
        terminal.screen()
    }

    private static void waitFile(Path file) {
        long end = System.nanoTime() + 60_000_000_000L
        while (!Files.exists(file) && System.nanoTime() < end) Thread.sleep(50)
        assert Files.exists(file)
    }

    private boolean waitPane(String text, int seconds = 60) {
        terminal.waitFor(text, seconds)
    }
}
