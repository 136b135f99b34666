package dev.runbook.cli

import dev.runbook.engine.RunHistory
import dev.runbook.integrations.testing.PgServer
import dev.runbook.journal.Event
import dev.runbook.journal.RunStore
import dev.runbook.journal.RunStores
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The crash harness: a runbook of small steps, an approval and a fan-out runs in a child JVM (the real CLI), is
 * killed with SIGKILL at seeded random points — at its start, during a command, while it waits for an approval,
 * during a {@code forEach} — and is resumed with --yes, again and again, until it finishes; one resume in four is
 * started twice at the same moment (twins: one owner, the other refused). Each kill is one trial. On the folder
 * journal and on PostgreSQL. Every step and every target appends its name to a ledger; half the steps are
 * idempotent. For a non-idempotent step whose outcome is unknown, the harness plays the operator who checks: the
 * ledger shows whether it did its work, so it answers --mark-done or --rerun, never a guess.
 * More trials with -Drunbook.crashTrials=N (each journal gets N; the spec's timeout grows with it).
 */
class CrashResumeSpec extends Specification {
    static final int STEPS = 8
    /** The approval comes after this step, the forEach after {@link #FAN_AFTER}. */
    static final int APPROVAL_AFTER = 3
    static final int FAN_AFTER = 5
    static final List<String> TARGETS = ('a'..'f').collect { "t-$it".toString() }
    static final int TRIALS = Integer.getInteger('runbook.crashTrials', 12)
    static final int CHAINS = 2
    /** Where a kill may land: at the start, in step sN, in the approval wait, in the fan-out. */
    static final List<String> POINTS = ['start'] + (1..STEPS).collect { "s$it".toString() } + ['approval', 'fan', 'fan']
    /** The first kills of each chain, so that a few trials (CI) cover every kind of point; random after them. */
    static final List<String> FIRST_POINTS = ['approval', 'fan', 'start', 's1', 'approval', 's6']

    @TempDir
    Path dir

    def "a run killed at random points (#journalKind journal) and resumed each time runs every non-idempotent step exactly once and finishes"() {
        given: 'two chains of runs, each with its own folder (and database), killed in turn'
        def pool = Executors.newFixedThreadPool(CHAINS)
        def perChain = (int) Math.ceil(TRIALS / (double) CHAINS)

        when:
        def results = (0..<CHAINS).collect { c ->
            // -Drunbook.crashDir=DIR keeps the runs' folders (out.txt, err.txt, ledgers) to look at after a failure
            Path base = System.getProperty('runbook.crashDir') ? Path.of(System.getProperty('runbook.crashDir'), journalKind) : dir
            pool.submit({ chain(base.resolve("chain-$c"), new Random(7919L * (c + 1) + journalKind.hashCode()), perChain, journalKind) } as Callable<Map>)
        }*.get(Math.max(300, TRIALS * 8), TimeUnit.SECONDS)
        pool.shutdownNow()

        then: 'as many kills as trials were asked for, at every kind of point'
        results.sum { it.kills } >= TRIALS
        def kinds = results.collectMany { it.points }.toSet()
        kinds.containsAll(['start', 'approval', 'fan']) && kinds.any { it ==~ /s\d+/ }
        results.sum { it.twins } > 0

        and: 'in every run, every non-idempotent step ran exactly once, every idempotent one at least once'
        def everyRun = results.collectMany { it.runs }
        everyRun.each { r ->
            (1..STEPS).each { i ->
                int ran = r.ledger.count("s$i")
                assert (i % 2 == 0 ? ran >= 1 : ran == 1): "${r.dir}: step s$i ran $ran times; ledger ${r.ledger}"
            }
        }

        and: 'every target ran, and a target journaled as done before a kill never ran again (orphans counted: none ran on)'
        everyRun.each { r ->
            TARGETS.each { t -> assert r.ledger.count(t) >= 1: "${r.dir}: target $t never ran; ledger ${r.ledger}" }
            r.doneAtKill.each { Map<String, Integer> snapshot ->
                snapshot.each { t, n -> assert r.ledger.count(t) == n: "${r.dir}: target $t, done at a kill after $n runs, ran ${r.ledger.count(t)} times" }
            }
        }

        and: 'every run finished: its journal ends succeeded, with every step done'
        everyRun.each { r ->
            assert r.outcome == 'succeeded'
            assert r.firstIncomplete == -1
        }

        and: 'each decision the harness made was one of the two'
        results.collectMany { it.decisions }.every { it in ['mark-done', 'rerun'] }

        where:
        journalKind << (PgServer.runnable() ? ['folder', 'postgresql'] : ['folder'])
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
        def history = RunHistory.of(dev.runbook.journal.JournalReader.read(runDir(dir)))
        def unknown = history.nodes().values().find { it.state() == RunHistory.NodeState.UNKNOWN }
        def resumed = CliProcess.start(dir, ['resume', runDir(dir).fileName.toString(), '--yes', '--journal', journal,
                                             "--$decision".toString(), 'work'])

        then:
        unknown.name() == 'work'
        resumed.process.waitFor(60, TimeUnit.SECONDS)
        resumed.process.exitValue() == 0
        Files.readAllLines(ledgerFile).count('work') == 1
        Files.readAllLines(ledgerFile) == ['before', 'work', 'after']
        RunHistory.of(dev.runbook.journal.JournalReader.read(runDir(dir))).outcome() == 'succeeded'

        where:
        when     | decision    | command
        'after'  | 'mark-done' | "echo work >> 'LEDGER'; sleep 30"
        'before' | 'rerun'     | "sleep 2; echo work >> 'LEDGER'"
    }

    /**
     * Runs the runbook again and again, each run in a folder (and, on PostgreSQL, a database) of its own, killing it
     * at random points and resuming it until it succeeds, until {@code kills} kills landed on a live process.
     */
    private Map chain(Path chainDir, Random random, int kills, String journalKind) {
        Map acc = [kills: 0, runs: [], decisions: [], points: [], twins: 0]
        while (acc.kills < kills) {
            Path d = chainDir.resolve("run-${acc.runs.size()}")
            Files.createDirectories(d)
            Place place = journalKind == 'folder' ? Place.folder(d) : Place.postgres(d)
            try {
                Map run = runUntilDone(d, place, random, kills - acc.kills, acc)
                acc.runs << run
            } finally {
                place.close()
            }
        }
        acc
    }

    /** One run, killed at most {@code maxKills} times and resumed until it succeeds. */
    private Map runUntilDone(Path d, Place place, Random random, int maxKills, Map acc) {
        def file = RunbookFiles.write(d, 'many.groovy', """\
            runbook('many-steps') {
                (1..$STEPS).each { i ->
                    step("s\${i}", idempotent: i % 2 == 0) { sh "sleep 0.1; echo s\${i} >> '${d.resolve('ledger.txt')}'" }
                    if (i == $APPROVAL_AFTER) requireApproval role: 'lead'
                    if (i == $FAN_AFTER) forEach(${TARGETS.inspect()}, name: 'fan', concurrency: 2, idempotent: true) { t ->
                        sh "sleep 0.1; echo \$t >> '${d.resolve('ledger.txt')}'"
                    }
                }
            }
            """)
        int killed = 0
        List<Map<String, Integer>> doneAtKill = []
        String point = nextPoint(acc, random)
        // approved up front unless the kill is meant to land in the approval wait (then it waits there until killed)
        def approved = { point == 'approval' && killed < maxKills ? [] : ['--approved-by', 'alice:lead'] }
        List<CliProcess> clis = [CliProcess.start(d, ['exec', file, '--yes', '--journal', place.journal] + approved(), place.env)]
        while (true) {
            CliProcess cli = owner(clis, place)
            String landed = killed < maxKills ? killAtRandomPoint(cli, place, point, random) : null
            d.resolve('kills.log').toFile() << "${point} -> ${landed ?: 'ended before'} (pid ${cli.process.pid()})\n"
            if (landed != null) {
                killed++
                acc.kills++
                acc.points << landed
                doneAtKill << doneTargets(place, ledger(d))
            } else {
                assert cli.process.waitFor(90, TimeUnit.SECONDS): "${d}: not done after 90 s; ${cli.out}${cli.err}"
            }
            clis.each { assert it.process.waitFor(30, TimeUnit.SECONDS) }
            def history = place.history()
            if (history.outcome() == 'succeeded') {
                return [dir: d, ledger: ledger(d), outcome: history.outcome(), firstIncomplete: history.firstIncomplete(),
                        doneAtKill: doneAtKill]
            }
            // resume: the harness, like an operator, looks at what the step whose outcome is unknown did
            point = nextPoint(acc, random)
            def args = ['resume', place.runId(), '--yes', '--journal', place.journal] + approved()
            def unknown = history.nodes().values().find { it.state() == RunHistory.NodeState.UNKNOWN && it.name() ==~ /s\d+/ }
            if (unknown != null && (unknown.name().substring(1) as int) % 2 == 1) {
                boolean didItsWork = ledger(d).contains(unknown.name())
                args += didItsWork ? ['--mark-done', unknown.name()] : ['--rerun', unknown.name()]
                acc.decisions << (didItsWork ? 'mark-done' : 'rerun')
            }
            clis = [CliProcess.start(d, args, place.env)]
            if (random.nextInt(4) == 0) {
                // twins: a second resume at the same moment, in a folder of its own (its out.txt and err.txt)
                def twinDir = Files.createDirectories(d.resolve("twin-${acc.twins}"))
                clis << CliProcess.start(twinDir, args, place.env)
                acc.twins++
            }
        }
    }

    /**
     * Of twin resumes, the one that holds the run: the other is refused at once (exit 4, saying who holds it) or, coming
     * after the end, finds nothing to do. Waits until one has ended or both have started writing.
     */
    private static CliProcess owner(List<CliProcess> clis, Place place) {
        if (clis.size() == 1) return clis[0]
        def pids = clis.collect { it.process.pid() }
        Long resumedBy = null
        assert CliProcess.poll(60) {
            def last = place.lines().findAll { it.contains('"run.resumed"') }.with { it ? it.last() : null }
            resumedBy = last == null ? null : ((last =~ /"pid":(\d+)/).with { it.find() ? it.group(1) as Long : null })
            clis.any { !it.process.alive } || resumedBy in pids
        }
        def owner = clis.find { it.process.pid() == resumedBy } ?: clis.find { it.process.alive } ?: clis[0]
        clis.findAll { it != owner && !it.process.alive && it.process.exitValue() != 0 }.each {
            assert it.err.contains('is held by') || it.err.contains('was written by another process'): "a refused twin says why: ${it.err}"
        }
        owner
    }

    private static String nextPoint(Map acc, Random random) {
        acc.kills < FIRST_POINTS.size() ? FIRST_POINTS[acc.kills] : POINTS[random.nextInt(POINTS.size())]
    }

    /**
     * Waits for the run to reach the point (or end), then SIGKILL after a random few ms; returns where the kill landed
     * (start, approval, fan or the step), null when the process had ended before the kill.
     */
    private static String killAtRandomPoint(CliProcess cli, Place place, String point, Random random) {
        int extraMs = random.nextInt(40)
        CliProcess.poll(60) {
            if (!cli.process.alive) return true
            def types = place.lines()
            // only what this process journaled counts: a resume's journal begins with the dead process's events
            int opened = types.findIndexOf { (it.contains('"run.started"') || it.contains('"run.resumed"')) && it.contains("\"pid\":${cli.process.pid()},") }
            if (opened < 0) return false
            types = types.subList(opened, types.size())
            if (point == 'start') return true
            // only a run started without --approved-by waits there (a resume approved up front passes in a moment)
            if (point == 'approval') return waitingForApproval(types)
            if (point == 'fan') return types.any { it.contains('"command.started"') && it.contains('"fanOutTarget"') }
            types.any { it.contains('"step.started"') && it.contains("\"step\":\"$point\"") }
        }
        Thread.sleep(extraMs) // where in the step the kill lands (not a timing assertion)
        def children = cli.process.toHandle().descendants().toList()
        if (!cli.process.alive) return null
        // the point it waited for, or the approval wait it found the run in instead
        def lines = place.lines()
        int opened = lines.findIndexOf { (it.contains('"run.started"') || it.contains('"run.resumed"')) && it.contains("\"pid\":${cli.process.pid()},") }
        String landed = point != 'approval' || opened >= 0 && waitingForApproval(lines.subList(opened, lines.size())) ? point : 'approval?'
        cli.process.destroyForcibly()
        cli.process.waitFor(10, TimeUnit.SECONDS)
        // the step's command leads its own process group: the watchdog ends it with the JVM (counting orphans: none
        // may run on beside the resume), before the ledger is read
        // the snapshot above misses a command started in the last moment before the kill: look for any process still
        // writing to this run's ledger too (the command's bash names the ledger in its command line)
        String ledger = (cli.dir.fileName.toString().startsWith('twin-') ? cli.dir.parent : cli.dir).resolve('ledger.txt').toString()
        assert CliProcess.poll(10) { children.every { !it.alive } && commandsWriting(ledger).isEmpty() }:
                "left running after kill -9: ${children.findAll { it.alive }*.pid() + commandsWriting(ledger)*.pid()}"
        landed
    }

    /** Processes whose command line names the ledger: a step's command, whoever started it. */
    private static List<ProcessHandle> commandsWriting(String ledger) {
        ProcessHandle.allProcesses().filter { p -> p.alive && p.info().commandLine().map { it.contains(ledger) }.orElse(false) }.toList()
    }

    /** The last approval asked for has not been given yet. */
    private static boolean waitingForApproval(List<String> lines) {
        int asked = lines.findLastIndexOf { it.contains('"approval.requested"') }
        asked >= 0 && lines.subList(asked, lines.size()).every { !it.contains('"approval.satisfied"') && !it.contains('"run.resumed"') }
    }

    /** The targets journaled as finished ok, each with how often the ledger shows it ran by now. */
    private static Map<String, Integer> doneTargets(Place place, List<String> ledger) {
        place.lines().findAll { it.contains('"fanout.target"') && it.contains('"status":"ok"') }
                .collect { (it =~ /"target":"([^"]+)"/)[0][1] }
                .toSet().collectEntries { [(it): ledger.count(it)] }
    }

    private static Path runDir(Path d) {
        Files.list(d.resolve('runs')).withCloseable { s -> s.filter { !it.fileName.toString().startsWith('.') && it.fileName.toString() != 'locks' }.findFirst().get() }
    }

    private static List<String> ledger(Path d) {
        def f = d.resolve('ledger.txt')
        Files.exists(f) ? Files.readAllLines(f) : []
    }

    /** Where one run's journal is: a folder, or a database of its own on the test PostgreSQL server. */
    static final class Place implements Closeable {
        String journal
        Map<String, String> env = [:]
        RunStore store

        static Place folder(Path d) {
            def p = new Place(journal: d.resolve('runs').toString())
            p.store = RunStores.open(p.journal, System.getenv(), CrashResumeSpec.classLoader)
            p
        }

        static Place postgres(Path d) {
            def server = PgServer.get()
            def p = new Place(journal: server.jdbcUrl(server.freshDatabase('crash')),
                    env: [PGPASSWORD: PgServer.PASSWORD, RUNBOOK_RUNS_DIR: d.resolve('local-runs').toString()])
            p.store = RunStores.open(p.journal, System.getenv() + p.env, CrashResumeSpec.classLoader)
            p
        }

        String runId() {
            store.runIds()[0]
        }

        /** The journal's lines as written (empty before the run opened it). */
        List<String> lines() {
            def ids = store.runIds()
            if (ids.isEmpty()) return []
            store.read(ids[0]).events().collect { Event e -> dev.runbook.journal.FileJournal.toJson(e) }
        }

        RunHistory history() {
            RunHistory.of(store.read(runId()).events())
        }

        @Override
        void close() {
            store.close()
        }
    }
}
