package dev.runbook.golden

import dev.runbook.engine.Integrations
import dev.runbook.engine.Operator
import dev.runbook.engine.Outcome
import dev.runbook.engine.RunHistory
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunResult
import dev.runbook.engine.RunSession
import dev.runbook.journal.Event
import dev.runbook.journal.JournalReader
import dev.runbook.model.Include
import dev.runbook.model.Runbook
import dev.runbook.testing.RunbookSpecification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * Golden journals: the events the engine writes today, pinned one by one, so that a change meant to keep
 * behaviour (RunSession split into one class per node kind, say) can be checked against them. Each feature runs
 * a runbook deterministically: commands, HTTP, approvers and the operator are scripted, and time is virtual.
 * It compares the run's normalised journal with {@code src/test/resources/golden/NAME.jsonl}.
 * {@link JournalNormaliser} says what is normalised and why. {@link GoldenFiles} says how a difference is shown,
 * and how {@code RUNBOOK_GOLDEN_UPDATE=1} rewrites the files from the code as it is.
 * <p>
 * The runbooks are {@code examples/quickstart/rollback.groovy} and those in {@code src/test/resources/golden/runbooks/}.
 * A few plain assertions before each golden check say which path the run took. So if a golden file is ever
 * rewritten by mistake, the feature still says what the run should have done.
 */
class GoldenJournalSpec extends RunbookSpecification {
    static final Path RUNBOOKS = Path.of('src/test/resources/golden/runbooks').toAbsolutePath()
    static final Path QUICKSTART = repositoryRoot().resolve('examples/quickstart')
    static final String HEALTH = 'http://127.0.0.1:4000/health'

    final GoldenFiles golden = new GoldenFiles()

    @TempDir
    Path runs

    // ---- 1. the quickstart example ---------------------------------------------------------------------------------

    def "quickstart: the broken release is stopped, the good one started, and the health gate passes on its third poll"() {
        given:
        quickstart()
        http.get(HEALTH) >> [status: 500] >> [status: 200, json: [status: 'ok', version: 'v1.2.4']] >> [status: 200, json: [status: 'ok', version: 'v1.2.3']]

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.succeeded
        result.handlers == ['always']

        and:
        matchesGolden('quickstart-succeeded', result.result, result.journal)
    }

    def "quickstart: a release that does not exist fails the start, and onFailure puts the previous release back"() {
        given:
        quickstart()
        shell.on(~/demo.sh' start v9.9.9 4000/) { exit 1; stderr 'no such release: v9.9.9' }

        when:
        def result = run(version: 'v9.9.9')

        then:
        result.failed
        result.failedStep == 'Start the good version'
        result.handlers == ['onFailure', 'always']

        and:
        matchesGolden('quickstart-start-fails', result.result, result.journal)
    }

    def "quickstart: health never reports the version rolled back to, so the gate fails after 30 seconds"() {
        given:
        quickstart()
        http.get(HEALTH) >> [status: 200, json: [status: 'ok', version: 'v1.2.4']]

        when:
        def result = run(version: 'v1.2.3')

        then:
        result.failed
        result.failedStep == 'gate health'

        and:
        matchesGolden('quickstart-gate-fails', result.result, result.journal)
    }

    // ---- 2. a failing run with handlers ----------------------------------------------------------------------------

    def "a failing run: skipped step, continueOnFailure, gates, approval, manual, confirm, include, retries, every handler"() {
        given:
        load RUNBOOKS.resolve('failing-run.groovy').toString()
        approver 'alice', role: 'lead'
        operatorAnswers manual: true, confirm: 'RESTART'
        shell.on('warm-caches api') { exit 2; stderr 'cache nodes unreachable' }
        shell.on('restart api') { stdout 'api restarted' }
        shell.on('flush-cdn --all') { exit 1; stderr 'CDN API: 503' }
        http.get('http://queue.test/depth') >> [status: 200, json: [depth: 12]] >> [status: 200, json: [depth: 3]] >> [status: 200, json: [depth: 0]]
        http.get('http://api.test/health') >> [status: 503]

        when:
        def result = run()

        then: 'the run fails at Flush CDN, after everything before it was done or went on despite failing'
        result.failed
        result.failedStep == 'Flush CDN'
        result.step('Flush CDN').attempts == 3
        result.statuses == ['Prepare': 'skipped', 'Warm caches': 'failed continued', 'queue drained': 'ok',
                            'approval lead': 'ok', 'Tell #incidents that the api restarts': 'ok', 'confirm RESTART': 'ok',
                            'include restart-service.groovy': 'failed continued', 'Flush CDN': 'failed', 'Never reached': 'pending']
        // the included runbook failed (continued), so its handlers ran too, inside the include: listed where it ran
        result.handlers == ["onFailure of 'Warm caches'", "onFailure in 'include restart-service.groovy'",
                            "always in 'include restart-service.groovy'", "onFailure of 'Flush CDN'", 'onFailure', 'always']
        notified slack: '#incidents', text: ~/failed at Flush CDN/ // the harness's notify is captured, not journaled

        and: 'the run and its include sub-run journal what they did'
        matchesGolden('failing-run', result.result, result.journal)
        matchesGolden('failing-run.include', result.result, includedJournal(result.result, result.journal))
    }

    def "approvals: one granted by --approved-by, the same approver refused where another role is needed, then denied at the terminal"() {
        given:
        load RUNBOOKS.resolve('approvals.groovy').toString()
        shell.on('drain-traffic')

        when: 'carol (a lead) approved up front, and the operator denies the security approval at the terminal'
        def result = openAndRun(denying('not during the sale'), options().withApprovedBy(['carol']))

        then:
        result.outcome() == Outcome.ABORTED
        result.failure().step == 'approval security'
        result.steps()['Open firewall'].status == 'pending'

        and:
        matchesGolden('approvals-denied', result, JournalReader.read(result.runDir()))
    }

    // ---- 3. resume -------------------------------------------------------------------------------------------------

    def "resume after a failure: the failed step runs again, its approval is not asked twice, finished steps keep their values"() {
        given:
        load RUNBOOKS.resolve('resume.groovy').toString()
        approver 'alice', role: 'lead'
        shell.on(~/^(snapshot|migrate) r42$/)
        shell.on('restart-app')
        shell.on('verify-release') { stdout 'replica lag 0s' }
        shell.on('verify-release', times: 1) { exit 1; stderr 'replica lag 40s' }

        when: 'the first run fails at Verify; resume goes on from it, as runbook resume would'
        def first = openAndRun(people, options())
        def resumed = resume(first.runDir(), null)

        then:
        first.outcome() == Outcome.FAILED
        first.failure().step == 'Verify'
        resumed.outcome() == Outcome.SUCCEEDED
        people.asked.size() == 1 // alice was asked once, in the first run

        and: 'one journal: the failed run, run.resumed, and the rest'
        matchesGolden('resume-after-failure', resumed, JournalReader.read(resumed.runDir()))
    }

    def "resume after a crash in a step that is not idempotent: the operator marks it done, a torn last line is cut off"() {
        given:
        load RUNBOOKS.resolve('resume.groovy').toString()
        approver 'alice', role: 'lead'
        shell.on(~/^(snapshot|migrate) r42$/)
        shell.on('restart-app')
        shell.on('verify-release')

        and: 'a run whose journal ends while Migrate runs, with half a line after it, as a power cut leaves it'
        shell.on('migrate r42', times: 1) { exit 137; stderr 'Killed' } // nothing after Migrate runs before the crash
        def crashed = openAndRun(people, options())
        cutAfterFirst(crashed.runDir()) { Event e -> e.type() == 'command.started' && e.str('step') == 'Migrate' }
        Files.writeString(crashed.runDir().resolve('journal.jsonl'), '{"seq":9,"ts":"2026-01-01T03:0', StandardOpenOption.APPEND)

        when: 'the operator says Migrate did its work (runbook resume --mark-done Migrate)'
        def resumed = resume(crashed.runDir(), 'Migrate')

        then:
        resumed.outcome() == Outcome.SUCCEEDED
        resumed.steps()['Migrate'].status == 'ok'

        and:
        matchesGolden('resume-after-crash', resumed, JournalReader.read(resumed.runDir()))
    }

    // ---- 4. fan-out ------------------------------------------------------------------------------------------------

    def "fan-out: forEach with a failing target, maxErrors stopping launches, a parallel block, forEach in a step, a failing forEach"() {
        given:
        load RUNBOOKS.resolve('fan-out.groovy').toString()
        shell.on(~/^drain web\d$/) { stdout 'drained' }
        shell.on('drain web3') { exit 1; stderr 'web3: connection refused' }
        shell.on(~/^restart-db db\d$/)
        shell.on('restart-db db2') { exit 1; stderr 'db2: replica not in sync' }
        shell.on(~/^restart-region (eu|us|ap)$/) { stdout 'restarted' }
        shell.on('restart-region us', times: 1) { exit 1; stderr 'us: rolling restart timed out' }
        shell.on('restart-region ap') { exit 4; stderr 'ap: capacity' }
        shell.on(~/^probe https:\/\/[abc]\.test$/) { stdout '200' }
        shell.on('probe https://b.test') { exit 7; stderr 'b.test: no route' }
        shell.on(~/^final-check x\d$/)
        shell.on('final-check x2') { exit 1; stderr 'x2: checksum mismatch' }

        when:
        def result = run()

        then:
        result.failed
        result.failedStep == 'Final checks'
        result.statuses['Drain web hosts'] == 'failed continued'
        result.step('Restart databases').value*.status == ['ok', 'failed', 'skipped']
        result.statuses['Restart regions'] == 'failed continued'
        result.step('Region us').attempts == 2
        result.step('Probe endpoints').value == 2

        and:
        matchesGolden('fan-out', result.result, result.journal)
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** The quickstart, scripted as its own RollbackSpec scripts it: the health answers are up to each feature. */
    private void quickstart() {
        load QUICKSTART.resolve('rollback.groovy').toString()
        approver 'alice', role: 'lead'
        shell.on(~/demo.sh' ensure v1.2.4 4000/)
        shell.on(~/demo.sh' status 4000/) { stdout 'v1.2.4 running on 4000 (pid 4242)' }
        shell.on(~/curl -s -m 5 .*\/health/) { stdout 'GET /health -> 500' }
        shell.on(~/demo.sh' log 4000/)
        shell.on(~/demo.sh' stop 4000/)
        shell.on(~/demo.sh' start v1.2.3 4000/) { stdout 'started v1.2.3 on 4000' }
    }

    /** Compares the run's journal, normalised, with the golden file {@code name}. */
    private boolean matchesGolden(String name, RunResult result, List<Event> journal) {
        golden.check(name, normaliser(result).lines(journal))
        true
    }

    /**
     * The placeholders of this machine and moment: the folder runs are kept in, the runbooks' folder (as an
     * absolute path, and relative to the working directory as the team file's path is journaled), the working
     * directory, and the content hash of each runbook. A hash is of the file's text. Replacing it means a comment
     * edited in the quickstart does not change the golden journal, but a command edited there does.
     */
    private JournalNormaliser normaliser(RunResult result) {
        Path cwd = Path.of('').toAbsolutePath()
        Path runbookDir = Path.of(runbook.source()).toAbsolutePath().parent
        def n = new JournalNormaliser()
                .replace(result.runDir().parent, '<runs>')
                .replace(runbookDir, '<runbook dir>')
                .replace(cwd, '<cwd>')
        if (runbookDir.startsWith(cwd)) n.replace(cwd.relativize(runbookDir), '<runbook dir>')
        withIncludes(runbook).each { Runbook r -> n.replace(r.contentHash(), "<sha-256 of ${r.name()}>") }
        n
    }

    private static List<Runbook> withIncludes(Runbook r) {
        [r] + r.nodes().findAll { it instanceof Include }.collectMany { withIncludes((it as Include).target()) }
    }

    /** The journal of the run's include: its folder is in include.started, relative to the run's. */
    private static List<Event> includedJournal(RunResult result, List<Event> journal) {
        def started = journal.find { it.type() == 'include.started' }
        assert started != null: 'the run did not start its include'
        JournalReader.read(result.runDir().resolve(started.str('dir')))
    }

    private RunOptions options() {
        RunOptions.defaults([:]).withRunsRoot(runs).withEnvironment(env).withOperatorName(operatorName)
    }

    /**
     * Runs the loaded runbook as run() does, with the harness's shell and clock, but with an operator and options
     * that run() cannot script: an approval given up front, a denial. This also gives the first run of a resume.
     */
    private RunResult openAndRun(Operator operator, RunOptions options) {
        RunSession.open(runbook, options, operator, clock, new Integrations(), team).withCloseable { RunSession session ->
            session.useCommandRunner(shell)
            session.runToEnd()
        }
    }

    /**
     * Goes on with an earlier run as ResumeCommand does. It reads the journal (cutting off a torn last line),
     * starts at the first node that is not done, or after the one the operator marks done, and journals
     * run.resumed with who and what was decided.
     */
    private RunResult resume(Path runDir, String markDone) {
        def contents = JournalReader.readContents(runDir)
        def history = RunHistory.of(contents.events())
        List<String> names = runbook.nodes()*.name()
        int index = names.findIndexOf { history.nodes()[it]?.state() != RunHistory.NodeState.DONE }
        Map<String, Object> details = [by: 'bob']
        if (markDone != null) {
            assert names[index] == markDone && history.nodes()[markDone].state() == RunHistory.NodeState.UNKNOWN
            details.decision = 'marked done: ' + markDone
        }
        RunSession.resume(runbook, RunOptions.defaults([:]).withRunsRoot(runs).withEnvironment(env), people, clock,
                new Integrations(), team, history, contents.validBytes()).withCloseable { RunSession session ->
            session.useCommandRunner(shell)
            if (markDone != null) {
                session.markDone(markDone, 'bob')
                index++
            }
            session.resumeFrom(index, details)
        }
    }

    /** A crash as the journal shows it: the run's journal ends with the first event {@code lastKept} accepts. */
    private static void cutAfterFirst(Path runDir, Closure<Boolean> lastKept) {
        Path file = runDir.resolve('journal.jsonl')
        List<String> lines = Files.readAllLines(file)
        int last = lines.findIndexOf { lastKept(JournalReader.parseLine(it)) }
        assert last >= 0: 'the run never got to the event the crash should follow'
        Files.writeString(file, lines.subList(0, last + 1).join('\n') + '\n')
    }

    /** The operator at the terminal denies every approval they are asked for (the harness's approvers only grant). */
    private static Operator denying(String reason) {
        new Operator() {
            boolean interactive() { true }

            boolean confirm(String text) { true }

            boolean typeWord(String word, String prompt) { true }

            String source() { 'operator' }

            String askLine(String prompt, java.util.function.BooleanSupplier stop) { 'deny ' + reason }
        }
    }

    /** The folder above the module (Maven runs specs in the module's folder), where examples/ is. */
    private static Path repositoryRoot() {
        Path dir = Path.of('').toAbsolutePath()
        while (dir != null && !Files.isDirectory(dir.resolve('examples/quickstart'))) dir = dir.parent
        assert dir != null: "examples/quickstart not found above ${Path.of('').toAbsolutePath()}"
        dir
    }
}
