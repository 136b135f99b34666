package dev.runbook.cli

import dev.runbook.engine.RunHistory
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A runbook that allocates without end (issue 20): with the launcher's JVM flags (scripts/start-up-cache.sh, which
 * set a heap limit) it ends with one line naming the limit and how to raise it, exit 4, the run journaled failed
 * at that step, and a resume runs the rest once.
 */
class OutOfMemorySpec extends Specification {
    @TempDir
    Path dir

    def "a step that fills the heap fails the run with one line and exit 4; the run resumes"() {
        given: 'the JVM flags the launcher gives every run'
        def flags = launcherJvmFlags()
        def ledger = dir.resolve('ledger.txt')
        def hog = dir.resolve('hog')
        Files.createFile(hog)
        def file = RunbookFiles.write(dir, 'hog.groovy', """\
            runbook('hog') {
                step('Before') { sh "echo Before >> '$ledger'" }
                step('Hog') {
                    def kept = []
                    while (new File('$hog').exists()) kept << new long[128 * 1024]
                    sh "echo Hog >> '$ledger'"
                }
                step('After') { sh "echo After >> '$ledger'" }
            }
            """)
        def journal = dir.resolve('runs').toString()

        when:
        def cli = CliProcess.start(dir, ['exec', file, '--yes', '--journal', journal], [:], flags)
        cli.process.waitFor(300, TimeUnit.SECONDS)

        then: 'one line says how much memory and how to allow more; no stack trace'
        cli.process.exitValue() == 4
        def shown = cli.out + cli.err
        shown.contains('the runbook used more than 1024 MB of memory')
        shown.contains('RUNBOOK_JAVA_OPTS=-Xmx2048m')
        !(shown =~ /(?m)^\s+at [\w.$]+\(/)

        and: 'the journal ends with the run failed at the step that filled the heap'
        def id = CrashedRuns.onlyRun(dir.resolve('runs'))
        def history = RunHistory.of(JournalReader.read(dir.resolve('runs').resolve(id)))
        history.outcome() == 'failed'
        Files.readAllLines(ledger) == ['Before']

        when: 'the cause is gone and the run is resumed'
        Files.delete(hog)
        def resumed = CliProcess.start(dir, ['resume', id, '--yes', '--journal', journal], [:], flags)
        resumed.process.waitFor(120, TimeUnit.SECONDS)

        then:
        resumed.process.exitValue() == 0
        Files.readAllLines(ledger) == ['Before', 'Hog', 'After']
    }

    /** RUNBOOK_JVM_FLAGS as the launcher sources them. */
    static List<String> launcherJvmFlags() {
        def script = Path.of('..', 'scripts', 'start-up-cache.sh').toAbsolutePath().normalize()
        def p = new ProcessBuilder('bash', '-c', '. "$1"; printf "%s\\n" "${RUNBOOK_JVM_FLAGS[@]}"', 'flags', script.toString())
                .redirectErrorStream(true).start()
        def lines = p.inputStream.text.readLines()
        assert p.waitFor() == 0: lines
        lines.findAll { it && !it.startsWith('-XX:TieredStopAtLevel') && !it.startsWith('-XX:+UseSerialGC') }
    }
}
