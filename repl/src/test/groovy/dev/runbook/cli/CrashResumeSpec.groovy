package dev.runbook.cli

import dev.runbook.engine.RunHistory
import dev.runbook.journal.JournalReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The crash harness: a runbook of many small steps runs in a child JVM (the real CLI), is killed with SIGKILL at
 * seeded random points, and is resumed with --yes, again and again, until it finishes. Each kill is one trial.
 * Each step appends its name to a ledger; half the steps are idempotent. For a non-idempotent step whose outcome
 * is unknown, the harness plays the operator who checks: the ledger shows whether it did its work, so it answers
 * --mark-done or --rerun, never a guess.
 */
class CrashResumeSpec extends Specification {
    static final int STEPS = 10
    /** More with -Drunbook.crashTrials=N (mvn ... -Drunbook.crashTrials=1000; the spec's timeout grows with it). */
    static final int TRIALS = Integer.getInteger('runbook.crashTrials', 100)
    static final int CHAINS = 2

    @TempDir
    Path dir

    def "a run killed at random points and resumed each time runs every non-idempotent step exactly once and finishes"() {
        given: 'two chains of runs, each with its own folder, killed in turn'
        def pool = Executors.newFixedThreadPool(CHAINS)
        def perChain = (int) Math.ceil(TRIALS / (double) CHAINS)

        when:
        def results = (0..<CHAINS).collect { c ->
            pool.submit({ chain(dir.resolve("chain-$c"), new Random(7919L * (c + 1)), perChain) } as Callable<Map>)
        }*.get(Math.max(170, TRIALS * 2), TimeUnit.SECONDS)
        pool.shutdownNow()

        then: 'as many kills as trials were asked for'
        results.sum { it.kills } >= TRIALS

        and: 'in every run, every non-idempotent step ran exactly once, every idempotent one at least once'
        def everyRun = results.collectMany { it.runs }
        everyRun.each { r ->
            (1..STEPS).each { i ->
                int ran = r.ledger.count("s$i")
                assert (i % 2 == 0 ? ran >= 1 : ran == 1): "${r.dir}: step s$i ran $ran times; ledger ${r.ledger}"
            }
        }

        and: 'every run finished: its journal ends succeeded, with every step done'
        everyRun.each { r ->
            def history = RunHistory.of(JournalReader.read(r.runDir))
            assert history.outcome() == 'succeeded'
            assert history.firstIncomplete() == -1
        }

        and: 'each decision the harness made was one of the two (where kills land decides which; both are forced below)'
        results.collectMany { it.decisions }.every { it in ['mark-done', 'rerun'] }
    }

    def "a non-idempotent step killed #when its work is resumed with #decision and runs its work exactly once"() {
        given: 'a step that does its work, then waits (or waits, then does its work), so the kill lands in the wait'
        def ledgerFile = dir.resolve('ledger.txt')
        def file = RunbookFiles.write(dir, 'one.groovy', """\
            runbook('kill-in-step') {
                step('before') { sh "echo before >> '${ledgerFile}'" }
                step('work') { sh "$command" }
                step('after') { sh "echo after >> '${ledgerFile}'" }
            }
            """.replace('LEDGER', ledgerFile.toString()))
        def journal = dir.resolve('runs').toString()
        def cli = CliProcess.start(dir, ['exec', file, '--yes', '--journal', journal])
        CliProcess.poll(30) { cli.journalLines().any { it.contains('"command.started"') && it.contains('"step":"work"') } }
        CliProcess.poll(10) { (Files.exists(ledgerFile) ? Files.readAllLines(ledgerFile) : []).contains('before') }
        Thread.sleep(300) // inside the step's sleep (not a timing assertion)

        when: 'the run is killed in the middle of the step, and resumed with the decision the ledger calls for'
        def children = cli.process.toHandle().descendants().toList()
        cli.process.destroyForcibly()
        cli.process.waitFor(10, TimeUnit.SECONDS)
        children.each { it.destroyForcibly() }
        def history = RunHistory.of(JournalReader.read(runDir(dir)))
        def unknown = history.nodes().values().find { it.state() == RunHistory.NodeState.UNKNOWN }
        def resumed = CliProcess.start(dir, ['resume', runDir(dir).fileName.toString(), '--yes', '--journal', journal,
                                             "--$decision".toString(), 'work'])

        then:
        unknown.name() == 'work'
        resumed.process.waitFor(60, TimeUnit.SECONDS)
        resumed.process.exitValue() == 0
        Files.readAllLines(ledgerFile).count('work') == 1
        Files.readAllLines(ledgerFile) == ['before', 'work', 'after']
        RunHistory.of(JournalReader.read(runDir(dir))).outcome() == 'succeeded'

        where:
        when     | decision    | command
        'after'  | 'mark-done' | "echo work >> 'LEDGER'; sleep 30"
        'before' | 'rerun'     | "sleep 2; echo work >> 'LEDGER'"
    }

    /**
     * Runs the runbook again and again, each run in a folder of its own, killing it at random points and resuming
     * it until it succeeds, until {@code kills} kills landed on a live process. Returns every run's ledger and folder.
     */
    private Map chain(Path chainDir, Random random, int kills) {
        int killed = 0
        List<String> decisions = []
        List<Map> runs = []
        while (killed < kills) {
            Path d = chainDir.resolve("run-${runs.size()}")
            Files.createDirectories(d)
            killed += runUntilDone(d, random, kills - killed, decisions)
            runs << [dir: d, ledger: ledger(d), runDir: runDir(d)]
        }
        [kills: killed, runs: runs, decisions: decisions]
    }

    /** One run, killed at most {@code maxKills} times and resumed until it succeeds; how many kills landed. */
    private int runUntilDone(Path d, Random random, int maxKills, List<String> decisions) {
        def file = RunbookFiles.write(d, 'many.groovy', """\
            runbook('many-steps') {
                (1..$STEPS).each { i ->
                    step("s\${i}", idempotent: i % 2 == 0) { sh "echo s\${i} >> '${d.resolve('ledger.txt')}'" }
                }
            }
            """)
        def journal = d.resolve('runs').toString()
        int killed = 0
        CliProcess cli = CliProcess.start(d, ['exec', file, '--yes', '--journal', journal])
        while (true) {
            if (killed < maxKills && killAtRandomPoint(cli, random)) {
                killed++
            } else {
                assert cli.process.waitFor(60, TimeUnit.SECONDS)
            }
            def history = RunHistory.of(JournalReader.read(runDir(d)))
            if (history.outcome() == 'succeeded') return killed
            // resume: the harness, like an operator, looks at what the step whose outcome is unknown did
            def args = ['resume', runDir(d).fileName.toString(), '--yes', '--journal', journal]
            def unknown = history.nodes().values().find { it.state() == RunHistory.NodeState.UNKNOWN }
            if (unknown != null && (unknown.name().substring(1) as int) % 2 == 1) {
                boolean didItsWork = ledger(d).contains(unknown.name())
                args += didItsWork ? ['--mark-done', unknown.name()] : ['--rerun', unknown.name()]
                decisions << (didItsWork ? 'mark-done' : 'rerun')
            }
            cli = CliProcess.start(d, args)
        }
    }

    /**
     * Waits for the run to reach a random step (or just its start), then SIGKILL after a random few ms; false when
     * the process had ended before the kill.
     */
    private static boolean killAtRandomPoint(CliProcess cli, Random random) {
        int target = random.nextInt(STEPS + 1)
        int extraMs = random.nextInt(40)
        CliProcess.poll(30) {
            !cli.process.alive || (target == 0 ? cli.journalLines().size() > 0
                    : cli.journalLines().any { it.contains('"step.started"') && it.contains("\"step\":\"s$target\"") })
        }
        Thread.sleep(extraMs) // where in the step the kill lands (not a timing assertion)
        def children = cli.process.toHandle().descendants().toList()
        if (!cli.process.alive) return false
        cli.process.destroyForcibly()
        cli.process.waitFor(10, TimeUnit.SECONDS)
        // the step's command leads its own process group: the watchdog ends it with the JVM (counting orphans: none
        // may run on beside the resume), before the ledger is read
        assert CliProcess.poll(10) { children.every { !it.alive } }: "left running after kill -9: ${children.findAll { it.alive }*.pid()}"
        cli.process.exitValue() != 0
    }

    private static Path runDir(Path d) {
        Files.list(d.resolve('runs')).withCloseable { it.findFirst().get() }
    }

    private static List<String> ledger(Path d) {
        def f = d.resolve('ledger.txt')
        Files.exists(f) ? Files.readAllLines(f) : []
    }
}
