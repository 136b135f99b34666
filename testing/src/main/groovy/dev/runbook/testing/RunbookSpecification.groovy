package dev.runbook.testing

import dev.runbook.compile.RunbookCompiler
import dev.runbook.compile.StdlibCatalog
import dev.runbook.compile.TeamFiles
import dev.runbook.console.PlanRenderer
import dev.runbook.console.Style
import dev.runbook.engine.Clock
import dev.runbook.engine.IntegrationContext
import dev.runbook.engine.IntegrationProvider
import dev.runbook.engine.Integrations
import dev.runbook.engine.RunOptions
import dev.runbook.engine.RunSession
import dev.runbook.http.HttpIntegration
import dev.runbook.journal.JournalReader
import dev.runbook.model.Runbook
import dev.runbook.model.Severity
import dev.runbook.model.Team
import spock.lang.Specification

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Pattern

/**
 * The base class of runbook specs: load a runbook, script the world it acts on, run it in virtual time, and
 * assert what it did.
 * <pre>
 * class RollbackSpec extends RunbookSpecification {
 *     def "rolls back and waits until the service is healthy"() {
 *         given:
 *         load 'rollback.groovy'                                   // beside this spec
 *         shell.on(~/docker compose .* up -d.*&#47;) { stdout 'started' }
 *         http.get('http://127.0.0.1:4000/health') >> [status: 503] >> [status: 200]
 *         approver 'alice', role: 'lead'
 *
 *         when:
 *         def result = run(version: 'v1.2.3')
 *
 *         then:
 *         result.succeeded
 *         ran ~/up -d --no-build/
 *         !notified(~/FAILED/)
 *     }
 * }
 * </pre>
 * Nothing here touches the machine: {@code sh} answers from {@link #shell}, HTTP from the {@link #http} mock,
 * every other integration ({@code docker}, {@code k8s}, {@code pg}, {@code s3} ...) from a {@link FakeIntegration},
 * {@code notify} is captured. A command or request the spec did not script fails the spec with what was asked.
 * Gates, retries, backoffs, timeouts and approval waits run on a {@link VirtualClock}: a 15-minute gate takes
 * milliseconds. Every run adds to {@link Coverage}.
 * Under {@code runbook test --real}, features marked {@link RealParts} run against the real integrations in real
 * time instead ({@link RealPartsMode}); the others are skipped.
 */
abstract class RunbookSpecification extends Specification {
    /** Integrations every spec fakes, whether or not their real providers are on the class path. */
    static final List<String> FAKED = ['docker', 'compose', 'k8s', 'pg', 's3', 'fly', 'wrangler', 'supabase']

    /** Time in the runbook: moves only when the run waits (or a scripted command or answer says it took long). */
    final VirtualClock clock = new VirtualClock()
    /** What the runbook did, in order: commands, requests, integration calls, notifications, operator answers. */
    final CallLog calls = new CallLog()
    private final List<String> unscripted = [].asSynchronized()
    /** {@code sh}: script commands with {@code shell.on(pattern) { stdout '...'; exit 1 }}. */
    final FakeShell shell = new FakeShell(calls, clock, unscripted)
    /** {@code http} and health probes: script with Spock's {@code http.get(url) >> [status: 200]}. */
    final HttpScript http = Mock(HttpScript)
    final FakeIntegration docker = new FakeIntegration('docker', calls, unscripted)
    final FakeIntegration compose = new FakeIntegration('compose', calls, unscripted)
    final FakeIntegration k8s = new FakeIntegration('k8s', calls, unscripted)
    final FakeIntegration pg = new FakeIntegration('pg', calls, unscripted)
    final FakeIntegration s3 = new FakeIntegration('s3', calls, unscripted)
    final FakeIntegration fly = new FakeIntegration('fly', calls, unscripted)
    final FakeIntegration wrangler = new FakeIntegration('wrangler', calls, unscripted)
    final FakeIntegration supabase = new FakeIntegration('supabase', calls, unscripted)
    /** {@code notify}: what would have been sent. */
    final FakeNotify notifier = new FakeNotify()
    /** The operator and the approvers. */
    final SpecOperator people = new SpecOperator(clock, calls, unscripted)

    /** The run's environment (secrets come from here); a Slack webhook is set so that notifications are "sent". */
    Map<String, String> env = [SLACK_WEBHOOK: 'https://hooks.slack.invalid/spec']
    /** The run's severity; null: the runbook's own. */
    Severity severity
    /** Who runs it (may not approve their own run). */
    String operatorName = 'oncall'

    /** The runbook under test, after {@code load} or {@code stdlib}. */
    Runbook runbook
    /** The team file beside the runbook (or the default policy), plus the approvers the spec added. */
    Team team = Team.defaults()
    /** The result of the last {@code run}. */
    SpecRun lastRun

    private final Map<String, FakeIntegration> extraFakes = [:]
    private Path runsRoot

    // ---- loading ---------------------------------------------------------------------------------------------------

    /**
     * Compiles a runbook file: relative paths are resolved beside this spec's source first, then from the working
     * directory. Its team file ({@code runbook.team.groovy} beside it or {@code .runbook/team.groovy}) applies.
     */
    Runbook load(String path) {
        Path file = resolve(path)
        def compiler = new RunbookCompiler()
        runbook = compiler.compile(file)
        team = TeamFiles.load(null, file, file.parent, compiler)
        Coverage.global().track(runbook)
        runbook
    }

    /** Compiles a standard runbook by id ({@code 'k8s/rollout-undo'}), from the class path, with the default policy. */
    Runbook stdlib(String id) {
        def entry = new StdlibCatalog(Thread.currentThread().contextClassLoader).lookup(id)
                .orElseGet { new StdlibCatalog(getClass().classLoader).find(id) }   // unknown: "did you mean ..."
        runbook = new RunbookCompiler().compile(entry.text(), entry.displayPath())
        team = Team.defaults()
        Coverage.global().track(runbook)
        runbook
    }

    private Path resolve(String path) {
        Path p = Path.of(path)
        if (p.absolute) return p
        Path folder = SpecLocations.folderOf(getClass())
        if (folder != null && Files.exists(folder.resolve(p))) return folder.resolve(p).normalize()
        Path cwd = Path.of(System.getProperty('user.dir')).resolve(p)
        if (Files.exists(cwd)) return cwd.normalize()
        throw new AssertionError("no runbook '$path' beside the spec (${folder ?: 'its folder was not found'}) nor in ${System.getProperty('user.dir')}".toString())
    }

    // ---- people ----------------------------------------------------------------------------------------------------

    /**
     * Someone who approves when asked, with their role. Where the runbook's team file lists members, an approver it
     * does not list is added to it with this role (the team file decides the roles of those it lists).
     */
    void approver(Map options = [:], String name) {
        String role = options.role as String
        people.approvers[name] = role
        if (team.hasRoster() && team.member(name).empty && role) {
            team = new Team(team.source(), team.members() + [new Team.Member(name, [role])], team.rules(), team.notifications())
        }
    }

    /**
     * Someone who denies the approval when asked: {@code deny 'bob', reason: 'not during the freeze'}. The denial is
     * sent the way {@code runbook approve RUN --deny --as bob --reason ...} sends it from another terminal, when the
     * approval is asked and before any scripted approver answers, and the engine judges it as it would: from someone
     * who could approve (in the team file, holding a needed role, not the operator) it stops the run, aborted
     * (exit 3, {@code approval.denied}, the runbook's handlers run); from anyone else it is an objection
     * ({@code approval.objected}) and the run keeps waiting for the approvers the spec scripted.
     * Options: {@code reason:}, {@code role:} (the role claimed where the team file has no roster), {@code approval:}
     * (the approval's name, or a Pattern; default: the first approval asked). Each denial is sent once.
     */
    void deny(Map options = [:], String name) {
        people.denials << new SpecOperator.Denial(name: name, role: options.role as String, reason: options.reason as String,
                approval: options.approval)
    }

    /**
     * Nobody answers approvals (or only the one named, by name or Pattern), whatever approvers the spec scripted:
     * the run waits in virtual time until the approval's {@code within:} runs out, and the step fails as it would
     * ("no approval within 30m"). An approval with no {@code within:} waits forever in a real run, so the spec fails
     * saying so.
     */
    void approvalTimesOut(Object approval = true) {
        people.timesOut = approval
    }

    /**
     * How the operator answers: {@code manual:} true (the default), false, or per item
     * ({@code manual: [(~/sign in/): true, (~/rollback/): false]}); {@code confirm:} the word(s) they type when asked
     * (none by default: a {@code confirm} gate refuses).
     */
    void operatorAnswers(Map answers) {
        if (answers.containsKey('manual')) people.manualAnswer = answers.manual
        if (answers.containsKey('confirm')) {
            def c = answers.confirm
            people.words = (c instanceof Collection ? c : [c]).collect { String.valueOf(it) } as Set
        }
    }

    /** Another integration name to fake (one added by a plugin), scripted like {@code docker}. */
    FakeIntegration fake(String name) {
        extraFakes.computeIfAbsent(name) { new FakeIntegration(name, calls, unscripted) }
    }

    // ---- running ---------------------------------------------------------------------------------------------------

    /**
     * Runs the loaded runbook with these params (validated as {@code runbook exec} would) and returns what it did.
     * Fails the spec when the runbook ran a command, made a request or read a result the spec did not script.
     */
    SpecRun run(Map params = [:]) {
        assert runbook != null: "load a runbook first: load 'file.groovy' or stdlib('k8s/rollout-undo')"
        if (runsRoot == null) runsRoot = Files.createTempDirectory('runbook-spec-')
        people.runsRoot = runsRoot
        Map<String, String> raw = params.collectEntries { k, v -> [(String.valueOf(k)): String.valueOf(v)] }
        // under runbook test --real, a feature marked @RealParts runs against the real parts (RealPartsMode)
        def real = RealPartsMode.forFeature(getClass(), specificationContext.currentFeature?.featureMethod?.reflection, System.getenv())
        def options = RunOptions.defaults(raw).withRunsRoot(runsRoot).withEnvironment(real.real ? real.environment(env, runsRoot) : env)
                .withSeverity(severity).withOperatorName(operatorName)
        def all = integrations()
        if (real.real) real.useRealIntegrations(all, getClass().classLoader, calls)
        def result
        RunSession.open(runbook, options, people, real.real ? Clock.SYSTEM : clock, all, team).withCloseable { RunSession session ->
            if (real.real) session.listen(real.commandRecorder(calls)) else session.useCommandRunner(shell)
            result = session.runToEnd()
        }
        def journal = JournalReader.read(result.runDir())
        Coverage.global().recordRun(runbook, result.runDir(), journal)
        lastRun = new SpecRun(result, journal, notifier.sent, calls.all)
        if (unscripted) {
            List<String> what = List.copyOf(unscripted)
            unscripted.clear()
            throw new AssertionError("the runbook did what the spec did not script:\n  " + what.join('\n  ')
                    + "\nthe run: $lastRun".toString())
        }
        lastRun
    }

    /** What {@code runbook plan} shows for the loaded runbook (nothing runs). */
    String plan() {
        assert runbook != null: "load a runbook first"
        def bytes = new ByteArrayOutputStream()
        new PlanRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Style(false)).render(runbook)
        bytes.toString(StandardCharsets.UTF_8)
    }

    private Integrations integrations() {
        def all = new Integrations()
        all.register(provider('http') { IntegrationContext c -> new HttpIntegration(c, new FakeHttpTransport(http, calls, clock, unscripted, c.step())) })
        all.register(provider('notify') { IntegrationContext c -> notifier.forStep(c.step(), calls) })
        Map<String, FakeIntegration> fakes = [docker: docker, compose: compose, k8s: k8s, pg: pg, s3: s3, fly: fly,
                                              wrangler: wrangler, supabase: supabase] + extraFakes
        // a real integration nobody faked by name still gets a fake: a spec never reaches the world
        Integrations.discover(getClass().classLoader).names().each { if (!(it in ['http', 'notify'])) fakes.computeIfAbsent(it) { n -> fake(n) } }
        fakes.each { name, f -> all.register(provider(name) { IntegrationContext c -> f.forStep(c.step()) }) }
        all
    }

    private static IntegrationProvider provider(String name, Closure<Object> create) {
        new IntegrationProvider() {
            String name() { name }

            Object create(IntegrationContext context) { create.call(context) }
        }
    }

    def cleanup() {
        if (runsRoot != null) runsRoot.toFile().deleteDir()
    }

    // ---- asserting -------------------------------------------------------------------------------------------------

    /** The notifications the runbook sent (captured), in order. */
    List<FakeNotify.Sent> getNotifications() { notifier.sent }

    /** Asserts a command ran: a Pattern searched for, or a String equal to or part of the command line. */
    boolean ran(Object command) {
        def sh = calls.of('sh')
        assert sh.any { CallLog.matches(command, it.text) }: "no command matching ${show(command)} ran; commands run:\n${calls.describe(sh)}"
        true
    }

    /** Asserts no command like this ran. */
    boolean notRan(Object command) {
        def hits = calls.of('sh').findAll { CallLog.matches(command, it.text) }
        assert hits.isEmpty(): "a command matching ${show(command)} ran:\n${calls.describe(hits)}"
        true
    }

    /** Asserts a command ran exactly {@code times} times. */
    boolean ran(Map options, Object command) {
        def hits = calls.of('sh').findAll { CallLog.matches(command, it.text) }
        assert hits.size() == (options.times as int): "a command matching ${show(command)} ran ${hits.size()} times, expected ${options.times}:\n${calls.describe(calls.of('sh'))}"
        true
    }

    /** Asserts an integration call was made: {@code called ~/k8s.deployment\('api'.*\.undo/}. */
    boolean called(Object call) {
        def made = calls.all.findAll { !(it.kind in ['sh', 'http', 'notify', 'manual', 'confirm']) }
        assert made.any { CallLog.matches(call, it.text) }: "no integration call matching ${show(call)}; calls made:\n${calls.describe(made)}"
        true
    }

    /** Asserts no integration call like this was made. */
    boolean notCalled(Object call) {
        def hits = calls.all.findAll { !(it.kind in ['sh', 'http', 'notify', 'manual', 'confirm']) && CallLog.matches(call, it.text) }
        assert hits.isEmpty(): "an integration call matching ${show(call)} was made:\n${calls.describe(hits)}"
        true
    }

    /**
     * Asserts a notification was sent: {@code notified ~/FAILED/} (any kind, text), {@code notified slack: ~/FAILED/}
     * (a Pattern is matched against the text; a String is the channel or part of the text),
     * {@code notified slack: '#incidents', text: ~/rolled back/}.
     */
    boolean notified(Map expected, Object text = null) {
        String kind = (['slack', 'pagerduty', 'webhook'].find { expected.containsKey(it) })
        def want = expected[kind]
        def found = notifier.sent.findAll { s ->
            (kind == null || s.kind == kind) &&
                    (want == null || (want instanceof Pattern ? CallLog.matches(want, s.text) : s.target == String.valueOf(want) || s.text.contains(String.valueOf(want)))) &&
                    (expected.text == null || CallLog.matches(expected.text, s.text)) &&
                    (text == null || CallLog.matches(text, s.text))
        }
        assert found: "no notification like ${expected}${text == null ? '' : ' ' + show(text)}; sent:\n${calls.describe(calls.of('notify'))}"
        true
    }

    boolean notified(Object text) {
        notified([:], text)
    }

    /**
     * Asserts that the last run's call log (every command, request, integration call and notification, with its
     * step) equals its snapshot, the file {@code snapshots/<SpecName>/<feature>.txt} beside the spec ({@code name}:
     * a second snapshot in one feature, {@code <feature>-<name>.txt}). The first run writes the file: review it
     * and commit it. A different log fails with a diff; {@code runbook test --update-snapshots} (or
     * {@code -Drunbook.snapshots=update}) rewrites the files instead.
     */
    boolean matchesSnapshot(String name = null) {
        assert lastRun != null: "run the runbook first: matchesSnapshot() compares the last run's call log"
        CallLogSnapshot.assertMatches(getClass(), specificationContext.currentIteration.displayName, name, lastRun, runsRoot)
        true
    }

    /** The http requests the runbook made, as "GET url". */
    List<String> getRequests() { calls.of('http')*.text }

    private static String show(Object o) { o instanceof Pattern ? "~/$o/" : "'$o'" }
}
