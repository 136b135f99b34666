package dev.runbook.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * kill -9 of the tool while a step's command runs: the command leads a process group of its own, which outlived the
 * JVM, so a resume ran the step again beside it. The commands die with the tool (a watchdog sees it go), whole
 * trees, and nothing of them runs on afterwards.
 */
class OrphanCommandSpec extends Specification {
    @TempDir
    Path dir

    def "kill -9 of the tool during a command kills the command and what it started; a command that ended is not touched"() {
        given: 'a step that leaves a background process behind on purpose, then one whose command and its child run long'
        def file = RunbookFiles.write(dir, 'orphans.groovy', """\
            runbook('orphans') {
                step('leave') { sh 'nohup sleep 60 >/dev/null 2>&1 & echo \$! > ${dir}/left.pid' }
                step('work') { sh 'sleep 60 & echo \$! > ${dir}/child.pid; echo \$\$ > ${dir}/work.pid; wait; echo late >> ${dir}/ledger.txt' }
            }
            """)
        def cli = CliProcess.start(dir, ['exec', file, '--yes', '--journal', dir.resolve('runs').toString()])
        assert CliProcess.poll(60) { Files.exists(dir.resolve('work.pid')) && Files.readString(dir.resolve('work.pid')).strip() }
        def work = pidIn('work.pid')
        def child = pidIn('child.pid')
        def left = pidIn('left.pid')

        when: 'only the JVM is killed, as kill -9 PID does (its children are not touched)'
        cli.process.destroyForcibly()
        assert cli.process.waitFor(10, TimeUnit.SECONDS)

        then: "the step's command and its child end with it"
        CliProcess.poll(15) { !work.alive && !child.alive }
        !Files.exists(dir.resolve('ledger.txt'))

        and: 'what the finished step left in the background on purpose still runs'
        left.alive

        cleanup:
        [work, child, left].each { it?.destroyForcibly() }
        cli?.destroy()
    }

    private ProcessHandle pidIn(String name) {
        ProcessHandle.of(Files.readString(dir.resolve(name)).strip() as long).orElseThrow()
    }
}
