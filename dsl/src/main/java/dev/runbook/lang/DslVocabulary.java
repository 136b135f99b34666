package dev.runbook.lang;

import java.util.List;

/**
 * The words of the runbook language, the team file and the spec API, with their arguments, named options and one
 * line of help. One table: the builders take their named options from it ({@link #options}: an option not here is
 * refused as unknown), the spec harness takes notify's from it, and the IDE descriptors {@code runbook init} writes
 * (IntelliJ GDSL, Eclipse DSLD) are rendered from it. {@code DslVocabularySpec} compares it with the builders, both
 * ways (every public word and every option they take is here, and everything here is taken), so none can drift.
 */
public final class DslVocabulary {
    private DslVocabulary() {}

    /** Where a word can be written. */
    public enum Scope {
        /** the top of a runbook file */
        RUNBOOK_FILE,
        /** directly inside {@code runbook('x') { }} */
        RUNBOOK,
        /** inside a step body, a handler, a health check, a gate condition or a {@code when:} condition */
        STEP,
        /** the top of a team file */
        TEAM_FILE,
        /** inside {@code team { }} */
        TEAM,
        /** a spec class that extends {@code RunbookSpecification} */
        SPEC,
        /** the closure of {@code shell.on(pattern) { }} in a spec: what the faked command answers */
        SHELL_ANSWER,
        /** on any number, in every file: durations ({@code 2.minutes}) and {@code 1.percent} */
        NUMBER
    }

    /** A positional or named argument. */
    public record Arg(String name, String type, String doc) {}

    /** A method (or, with {@code property}, a property) offered in a scope. */
    public record Word(Scope scope, String name, boolean property, String type, List<Arg> params, List<Arg> named, String doc) {}

    private static final String STRING = "java.lang.String";
    private static final String CLOSURE = "groovy.lang.Closure";
    private static final String DURATION = "java.time.Duration";
    private static final String SEVERITY = "dev.runbook.model.Severity";
    private static final String MAP = "java.util.Map";
    private static final String OBJECT = "java.lang.Object";
    private static final String RUNBOOK = "dev.runbook.model.Runbook";
    private static final String TESTING = "dev.runbook.testing.";
    private static final String FAKE = TESTING + "FakeIntegration";

    /** The calls whose closures are step scope (in a runbook file). */
    public static final List<String> STEP_SCOPE_CALLS = List.of("step", "onFailure", "always", "health", "gate", "forEach");

    private static final List<Arg> GATE_OPTIONS = List.of(
            arg("within", DURATION, "how long to keep polling (default 2 minutes)"),
            arg("every", DURATION, "the time between polls (default 5 seconds)"),
            arg("sustain", DURATION, "how long the condition must hold without a break"),
            arg("pollTimeout", DURATION, "the time limit of one poll"),
            arg("when", CLOSURE, "skip it unless this holds at run time"),
            arg("continueOnFailure", "boolean", "a gate that never passes is recorded and the run goes on"));
    private static final List<Arg> FAN_OUT_OPTIONS = List.of(
            arg("concurrency", "int", "targets at once (default 10)"),
            arg("maxErrors", OBJECT, "stop launching after this many failures (a count or 10.percent)"),
            arg("timeout", DURATION, "per target"),
            arg("continueOnFailure", "boolean", "failed targets are recorded and the run goes on"));

    public static final List<Word> WORDS = List.of(
            method(Scope.RUNBOOK_FILE, "runbook", "void", "one per file: runbook('restart-api') { ... }; the name is a slug",
                    List.of(arg("name", STRING), arg("body", CLOSURE)), List.of()),

            method(Scope.RUNBOOK, "title", "void", "one line that says what the runbook is for", List.of(arg("text", STRING)), List.of()),
            method(Scope.RUNBOOK, "description", "void", "when to use this runbook, what it assumes", List.of(arg("text", STRING)), List.of()),
            method(Scope.RUNBOOK, "owner", "void", "who keeps this runbook up to date", List.of(arg("who", STRING)), List.of()),
            method(Scope.RUNBOOK, "tags", "void", "labels for finding runbooks: tags 'docker', 'api'", List.of(arg("names", "java.lang.String[]")), List.of()),
            method(Scope.RUNBOOK, "severity", "void", "the default severity of a run, P0 (worst) to P3; --severity overrides it",
                    List.of(arg("level", SEVERITY)), List.of()),
            method(Scope.RUNBOOK, "param", "void", "an input, validated before anything runs; read it as params.name",
                    List.of(arg("name", STRING)), List.of(
                            arg("required", "boolean", "the run refuses to start without it"),
                            arg("default", STRING, "the value when none is given"),
                            arg("pattern", "java.util.regex.Pattern", "the whole value must match, e.g. ~/v\\d+\\.\\d+\\.\\d+/"),
                            arg("choices", "java.util.List", "the only values accepted"),
                            arg("description", STRING, "shown by plan and list"))),
            method(Scope.RUNBOOK, "secret", "void", "a value from the environment variable NAME, masked everywhere; read it as secrets.NAME",
                    List.of(arg("name", STRING)), List.of(arg("required", "boolean", "false lets the run start without it"))),
            method(Scope.RUNBOOK, "health", "void", "the runbook's health check, polled by gate health: health { http url, expect: 200 }; "
                    + "gate health(within: 2.minutes) polls it with other options", List.of(arg("check", CLOSURE)), GATE_OPTIONS),
            method(Scope.RUNBOOK, "step", "void", "a unit of work: step('Restart', timeout: 2.minutes) { sh '...' }",
                    List.of(arg("name", STRING), arg("body", CLOSURE)), List.of(
                            arg("timeout", DURATION, "per attempt; the step's process tree is killed when it passes"),
                            arg("retry", "int", "attempts after the first"),
                            arg("backoff", DURATION, "the wait between attempts"),
                            arg("expected", DURATION, "how long it usually takes; a warning when it runs longer"),
                            arg("when", CLOSURE, "evaluated when the step's turn comes; false skips it"),
                            arg("idempotent", "boolean", "may run again on resume without asking"),
                            arg("continueOnFailure", "boolean", "a failure is recorded and the run goes on"),
                            arg("onFailure", CLOSURE, "the step's own failure handler; usually written as onFailure { } in the body"))),
            method(Scope.RUNBOOK, "gate", "void", "poll until true: gate health(within: 2.minutes) or gate('name', within: 5.minutes) { boolean }",
                    List.of(arg("name", STRING), arg("condition", CLOSURE)), GATE_OPTIONS),
            method(Scope.RUNBOOK, "requireApproval", "void", "wait for the approvers the team policy asks for: requireApproval P1",
                    List.of(arg("level", SEVERITY)), List.of(
                            arg("reason", STRING, "shown to the approvers"),
                            arg("within", DURATION, "how long to wait"),
                            arg("role", STRING, "who approves, instead of a severity"),
                            arg("roles", "java.util.List", "one approver per role"),
                            arg("count", "int", "how many distinct approvers"),
                            arg("when", CLOSURE, "ask only when this holds at run time"))),
            method(Scope.RUNBOOK, "include", "void", "another runbook's procedure, run here as a sub-run: include 'stdlib:k8s/rollout-undo', with: [...]",
                    List.of(arg("ref", STRING, "stdlib:group/name, or a path relative to this file")),
                    List.of(arg("with", MAP, "its params: values, or blocks read when it runs ({ params.app })"),
                            arg("name", STRING, "how plans and the journal call it"),
                            arg("continueOnFailure", "boolean", "go on when the included run fails"),
                            arg("when", CLOSURE, "skip it unless this holds at run time"))),
            method(Scope.RUNBOOK, "parallel", "void", "run the enclosed steps at once: parallel('checks') { step('a') { ... }; step('b') { ... } }",
                    List.of(arg("name", STRING, "the block's name in plans and the journal (optional)"), arg("steps", CLOSURE)), List.of()),
            method(Scope.RUNBOOK, "forEach", "void", "fan out over targets: forEach(hosts, concurrency: 10, maxErrors: 1) { host -> ... }",
                    List.of(arg("targets", OBJECT, "a list, or a block returning one at run time"), arg("body", CLOSURE)),
                    concat(concat(List.of(arg("name", STRING, "the node's name")), FAN_OUT_OPTIONS),
                            List.of(arg("idempotent", "boolean", "targets may run again on resume without asking")))),
            method(Scope.RUNBOOK, "lock", "void", "a target only one run at a time may act on: lock \"db:${params.db}\"",
                    List.of(arg("key", STRING, "the target; ${params.NAME} is filled in when the run starts")), List.of()),
            method(Scope.RUNBOOK, "manual", "void", "a checklist item the operator confirms", List.of(arg("text", STRING)),
                    List.of(arg("when", CLOSURE, "ask only when this holds at run time"))),
            method(Scope.RUNBOOK, "confirm", "void", "the operator must type the word to go on (unattended: --confirm WORD)",
                    List.of(arg("word", STRING)), List.of(arg("prompt", STRING, "what happens next"),
                            arg("when", CLOSURE, "ask only when this holds at run time"))),
            method(Scope.RUNBOOK, "onFailure", "void", "runs once when the run fails: onFailure { failure -> notify ... }",
                    List.of(arg("handler", CLOSURE)), List.of()),
            method(Scope.RUNBOOK, "always", "void", "runs at the end, whatever the outcome", List.of(arg("handler", CLOSURE)), List.of()),
            property(Scope.RUNBOOK, "P0", SEVERITY, "severity: an outage"),
            property(Scope.RUNBOOK, "P1", SEVERITY, "severity: major"),
            property(Scope.RUNBOOK, "P2", SEVERITY, "severity: minor (the default)"),
            property(Scope.RUNBOOK, "P3", SEVERITY, "severity: low"),

            property(Scope.STEP, "params", MAP, "the validated params: params.version"),
            property(Scope.STEP, "env", MAP, "the process environment: env.HOME"),
            property(Scope.STEP, "secrets", MAP, "declared secrets: secrets.SLACK_WEBHOOK (masked in all output)"),
            property(Scope.STEP, "run", OBJECT, "this run: run.id, run.severity, run.operator, run.startedAt, run.host"),
            property(Scope.STEP, "workdir", "java.io.File", "the run's folder, for artifacts"),
            property(Scope.STEP, "runbookDir", "java.io.File", "the folder of the runbook file"),
            property(Scope.STEP, "steps", MAP, "earlier steps: steps['Capture evidence'].stdout, .exitCode, .status, .value"),
            method(Scope.STEP, "log", "void", "a line to the console and the journal", List.of(arg("text", STRING)), List.of()),
            method(Scope.STEP, "sh", "dev.runbook.model.CommandResult", "run a command with bash -c (each ${value} quoted as data; a list: the words as they are); a non-zero exit fails the step",
                    List.of(arg("command", STRING)), List.of(
                            arg("timeout", DURATION, "kill the command when it passes"),
                            arg("env", MAP, "extra environment variables"),
                            arg("dir", STRING, "the working directory"),
                            arg("okExitCodes", "java.util.List", "exit codes that do not fail the step"),
                            arg("quiet", "boolean", "capture the output without streaming it"))),
            method(Scope.STEP, "raw", "dev.runbook.model.RawShell", "shell text inserted into sh \"...\" as it is (never unchecked input)",
                    List.of(arg("text", STRING)), List.of()),
            property(Scope.STEP, "http", "dev.runbook.http.HttpIntegration", "http.get/post/put/patch/delete(url, headers:, json:, body:, timeout:)"),
            method(Scope.STEP, "notify", "void", "notify slack: '#incidents', text: '...' · notify pagerduty: [...] · notify webhook: url, json: [...]",
                    List.of(), List.of(
                            arg("slack", STRING, "the channel"),
                            arg("text", STRING, "the message (secrets are masked)"),
                            arg("pagerduty", MAP, "summary:, severity:, action: 'trigger' or 'resolve', details:"),
                            arg("webhook", STRING, "a URL to post JSON to"),
                            arg("json", MAP, "the webhook's body"),
                            arg("url", STRING, "overrides the team file's webhook"),
                            arg("required", "boolean", "a notification that cannot be sent fails the step"))),
            property(Scope.STEP, "docker", OBJECT, "Docker Engine: docker.ps(), docker.container('api').restart(), .rollbackTo(image)"),
            method(Scope.STEP, "compose", OBJECT, "a Compose project: compose('docker-compose.yml').restart('api'), .up(), .pinImage('api', 'v1.2.3')",
                    List.of(arg("file", STRING)), List.of(arg("project", STRING, "the Compose project name"))),
            property(Scope.STEP, "k8s", OBJECT, "Kubernetes: k8s.deployment('api', ns: 'prod').undo(), .status(wait: 5.minutes), .scale(0)"),
            property(Scope.STEP, "pg", OBJECT, "PostgreSQL: pg.connect(url).query(sql), pg.dump(...), pg.restore(...)"),
            property(Scope.STEP, "s3", OBJECT, "S3: s3.list(bucket), s3.latest(bucket, before: time), s3.download(...)"),
            property(Scope.STEP, "fly", OBJECT, "Fly.io: fly.releases(app), fly.rollback(app, version)"),
            property(Scope.STEP, "wrangler", OBJECT, "Cloudflare Workers: wrangler.deployments(worker), wrangler.rollback(worker, id)"),
            property(Scope.STEP, "supabase", OBJECT, "Supabase: supabase.migrations(linked: true)"),
            method(Scope.STEP, "report", "java.io.File", "write the incident report so far: report 'incident.md' (or .html)",
                    List.of(arg("fileName", STRING)), List.of()),
            method(Scope.STEP, "manual", "void", "a checklist item the operator confirms, at this point", List.of(arg("text", STRING)), List.of()),
            method(Scope.STEP, "confirm", "void", "the operator must type the word, at this point",
                    List.of(arg("word", STRING)), List.of(arg("prompt", STRING, "what happens next"))),
            method(Scope.STEP, "requireApproval", "void", "wait for approvers at this point: requireApproval P1",
                    List.of(arg("level", SEVERITY)), List.of()),
            method(Scope.STEP, "fail", "void", "fail the step with this message", List.of(arg("message", STRING)), List.of()),
            method(Scope.STEP, "forEach", "java.util.List", "fan out inside a step: forEach(hosts, concurrency: 5) { host -> sh \"ssh $host uptime\" }; "
                    + "returns each target's value", List.of(arg("targets", OBJECT, "a list"), arg("body", CLOSURE)), FAN_OUT_OPTIONS),
            method(Scope.STEP, "onFailure", "void", "the step's own failure handler (written directly in the step body)",
                    List.of(arg("handler", CLOSURE)), List.of()),

            method(Scope.TEAM_FILE, "team", "void", "the team: who may approve and what each severity needs",
                    List.of(arg("body", CLOSURE)), List.of()),
            method(Scope.TEAM, "member", "void", "member 'alice', role: 'lead'",
                    List.of(arg("name", STRING)), List.of(
                            arg("role", STRING, "the role they hold"),
                            arg("roles", "java.util.List", "several roles"),
                            arg("key", STRING, "their SSH public key line: approvals must be signed with it (runbook approve --key)"),
                            arg("login", STRING, "their OS user: approvals must come from decision files that user owns"),
                            arg("dbRole", STRING, "their PostgreSQL role: approvals must come from sessions of that role"),
                            arg("email", STRING, "their address at the team's single sign-on: runbook serve maps it to them"))),
            method(Scope.TEAM, "serve", "void", "serve login: 'runbook-web': the OS user (or dbRole:) runbook serve runs as; "
                    + "its decisions for people it verified count", List.of(), List.of(
                            arg("login", STRING, "the OS user runbook serve runs as"),
                            arg("dbRole", STRING, "the PostgreSQL role runbook serve's sessions use"))),
            method(Scope.TEAM, "identity", "void", "identity required: refuse every approver name no key:, login: or dbRole: proves",
                    List.of(arg("rule", STRING, "required")), List.of()),
            property(Scope.TEAM, "required", STRING, "the rule of identity required"),
            method(Scope.TEAM, "policy", "void", "what a severity needs: policy P1, role: 'lead'",
                    List.of(arg("level", SEVERITY)), List.of(
                            arg("waived", "boolean", "one-approver rules are lifted once the team's webhook took the notice"),
                            arg("waives", "java.util.List", "what a waived policy may lift: levels and roles (never a quorum)"),
                            arg("role", STRING, "one approver with this role"),
                            arg("roles", "java.util.List", "one approver per role"),
                            arg("count", "int", "how many distinct approvers"))),
            method(Scope.TEAM, "slack", "void", "where Slack notifications go",
                    List.of(), List.of(
                            arg("webhook", STRING, "the NAME of the environment variable holding the webhook URL"),
                            arg("channel", STRING, "the default channel"))),
            method(Scope.TEAM, "journal", "void", "the shared journal of the team's runs: journal 'jdbc:postgresql://db/runbook' (no password here)",
                    List.of(arg("location", STRING, "a folder or a jdbc:postgresql:// URL")), List.of()),
            method(Scope.TEAM, "pagerduty", "void", "where PagerDuty events go",
                    List.of(), List.of(
                            arg("routingKey", STRING, "the NAME of the environment variable holding the routing key"),
                            arg("url", STRING, "the Events API endpoint"))),
            property(Scope.TEAM, "P0", SEVERITY, "severity: an outage"),
            property(Scope.TEAM, "P1", SEVERITY, "severity: major"),
            property(Scope.TEAM, "P2", SEVERITY, "severity: minor"),
            property(Scope.TEAM, "P3", SEVERITY, "severity: low"),

            method(Scope.SPEC, "load", RUNBOOK, "the runbook under test, beside the spec first: load 'restart-api.groovy'",
                    List.of(arg("path", STRING)), List.of()),
            method(Scope.SPEC, "stdlib", RUNBOOK, "a standard runbook under test: stdlib 'k8s/rollout-undo'",
                    List.of(arg("id", STRING)), List.of()),
            method(Scope.SPEC, "run", TESTING + "SpecRun", "run it against the fakes: run(service: 'api'); .succeeded, .failed, .failedStep, .step(name)",
                    List.of(arg("params", MAP)), List.of()),
            method(Scope.SPEC, "plan", STRING, "what runbook plan shows for it (nothing runs)", List.of(), List.of()),
            property(Scope.SPEC, "shell", TESTING + "FakeShell",
                    "script sh: shell.on(~/systemctl restart .*/) { stdout 'ok' }, times: n; an unscripted command fails the spec"),
            property(Scope.SPEC, "http", TESTING + "HttpScript", "script HTTP with Spock: http.get(url) >> [status: 503] >> [status: 200]"),
            property(Scope.SPEC, "docker", FAKE, "the fake Docker Engine: docker.on('container.restart') { ... }"),
            property(Scope.SPEC, "compose", FAKE, "the fake Compose: compose.on('up') { ... }"),
            property(Scope.SPEC, "k8s", FAKE, "the fake Kubernetes: k8s.on('deployment.status') { [ready: true] }"),
            property(Scope.SPEC, "pg", FAKE, "the fake PostgreSQL: pg.on('connect.query') { [[n: 3]] }"),
            property(Scope.SPEC, "s3", FAKE, "the fake S3: s3.on('latest') { [key: 'db.dump'] }"),
            property(Scope.SPEC, "fly", FAKE, "the fake Fly.io CLI"),
            property(Scope.SPEC, "wrangler", FAKE, "the fake Cloudflare wrangler CLI"),
            property(Scope.SPEC, "supabase", FAKE, "the fake Supabase CLI"),
            method(Scope.SPEC, "fake", FAKE, "fake another integration by name", List.of(arg("name", STRING)), List.of()),
            method(Scope.SPEC, "approver", "void", "someone who approves when asked: approver 'alice', role: 'lead'",
                    List.of(arg("name", STRING)), List.of(arg("role", STRING, "the role they approve as"))),
            method(Scope.SPEC, "deny", "void", "someone who denies when asked: deny 'bob', reason: 'not during the freeze' (from a non-approver: an objection)",
                    List.of(arg("name", STRING)), List.of(
                            arg("reason", STRING, "why, as runbook approve --deny --reason gives it"),
                            arg("role", STRING, "the role claimed where the team file has no roster"),
                            arg("approval", OBJECT, "only this approval: its name or a Pattern"))),
            method(Scope.SPEC, "approvalTimesOut", "void", "nobody answers (that) approval: the wait runs until within: passes, in virtual time",
                    List.of(arg("approval", OBJECT)), List.of()),
            method(Scope.SPEC, "matchesSnapshot", "boolean", "the call log equals snapshots/<Spec>/<feature>.txt beside the spec (written on first run)",
                    List.of(arg("name", STRING)), List.of()),
            method(Scope.SPEC, "operatorAnswers", "void", "how the operator answers: operatorAnswers(manual: true, confirm: 'EMERGENCY')",
                    List.of(), List.of(
                            arg("manual", OBJECT, "true, false, or per item: [(~/sign in/): true]"),
                            arg("confirm", OBJECT, "the word (or words) typed at confirm"))),
            property(Scope.SPEC, "env", MAP, "the run's environment (secrets): env.DB_PASSWORD = '...'"),
            property(Scope.SPEC, "severity", SEVERITY, "the run's severity (default: the runbook's)"),
            property(Scope.SPEC, "operatorName", STRING, "who runs it (may not approve their own run)"),
            property(Scope.SPEC, "notifier", TESTING + "FakeNotify", "notify in the run: notifier.sent, what would have been sent"),
            property(Scope.SPEC, "people", TESTING + "SpecOperator", "the operator and the approvers as the run meets them"),
            property(Scope.SPEC, "clock", "dev.runbook.testing.VirtualClock", "virtual time: clock.elapsed()"),
            method(Scope.SPEC, "ran", "boolean", "true when a command ran: ran 'systemctl restart api' · ran ~/re/ · ran times: 2, ~/re/",
                    List.of(arg("command", OBJECT)), List.of(arg("times", "int", "how many times exactly"))),
            method(Scope.SPEC, "notRan", "boolean", "true when no command matched", List.of(arg("command", OBJECT)), List.of()),
            method(Scope.SPEC, "called", "boolean", "true when an integration call matched: called ~/k8s.deployment\\('api'.*undo/",
                    List.of(arg("call", OBJECT)), List.of()),
            method(Scope.SPEC, "notCalled", "boolean", "true when no integration call matched", List.of(arg("call", OBJECT)), List.of()),
            method(Scope.SPEC, "notified", "boolean", "true when a notification matched: notified ~/failed/ · notified slack: '#incidents', text: ~/x/",
                    List.of(arg("text", OBJECT)), List.of(
                            arg("slack", OBJECT, "the channel, or a pattern of the text"),
                            arg("pagerduty", OBJECT, "the action (trigger, resolve), or a pattern of the summary"),
                            arg("webhook", OBJECT, "the URL, or a pattern of the body"),
                            arg("text", OBJECT, "the text, or a pattern"))),
            property(Scope.SPEC, "calls", TESTING + "CallLog", "what the run did, in order: commands, requests, integration calls, notifications, answers"),
            property(Scope.SPEC, "requests", "java.util.List", "the HTTP requests made: 'GET http://...'"),
            property(Scope.SPEC, "notifications", "java.util.List", "the notifications the run sent (captured, never sent)"),
            property(Scope.SPEC, "runbook", RUNBOOK, "the runbook under test, after load or stdlib"),
            property(Scope.SPEC, "team", "dev.runbook.model.Team", "the team file beside the runbook, with the approvers the spec added"),
            property(Scope.SPEC, "lastRun", TESTING + "SpecRun", "the result of the last run"),

            property(Scope.SHELL_ANSWER, "command", STRING, "the command line as the runbook ran it: if (command.contains('--force')) exit 1"),
            property(Scope.SHELL_ANSWER, "env", MAP, "the environment the command was given"),
            property(Scope.SHELL_ANSWER, "dir", "java.io.File", "the working directory it was given (null: the run's)"),
            method(Scope.SHELL_ANSWER, "stdout", "void", "what the command prints", List.of(arg("text", STRING)), List.of()),
            method(Scope.SHELL_ANSWER, "stderr", "void", "what the command prints on stderr", List.of(arg("text", STRING)), List.of()),
            method(Scope.SHELL_ANSWER, "exit", "void", "the command's exit code (default 0)", List.of(arg("code", "int")), List.of()),
            method(Scope.SHELL_ANSWER, "sleep", "void", "how long the command takes, on the virtual clock: sleep 3.minutes",
                    List.of(arg("duration", DURATION)), List.of()),

            property(Scope.NUMBER, "millis", DURATION, "a duration: 500.millis"),
            property(Scope.NUMBER, "milliseconds", DURATION, "a duration: 500.milliseconds"),
            property(Scope.NUMBER, "second", DURATION, "a duration: 1.second"),
            property(Scope.NUMBER, "seconds", DURATION, "a duration: 30.seconds"),
            property(Scope.NUMBER, "minute", DURATION, "a duration: 1.minute"),
            property(Scope.NUMBER, "minutes", DURATION, "a duration: 2.minutes"),
            property(Scope.NUMBER, "hour", DURATION, "a duration: 1.hour"),
            property(Scope.NUMBER, "hours", DURATION, "a duration: 2.hours"),
            property(Scope.NUMBER, "day", DURATION, "a duration: 1.day"),
            property(Scope.NUMBER, "days", DURATION, "a duration: 7.days"),
            property(Scope.NUMBER, "percent", "double", "a fraction: errorRate < 1.percent; maxErrors: 10.percent"));

    /**
     * The named options of a word in a scope, as the builder checks them: an option not in the table is refused as
     * unknown. Every word of that name in the scope counts (runbook-level and step-level {@code forEach} differ).
     */
    public static java.util.Set<String> options(Scope scope, String word) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Word w : WORDS) {
            if (w.scope() == scope && w.name().equals(word)) w.named().forEach(a -> names.add(a.name()));
        }
        if (names.isEmpty()) throw new IllegalArgumentException("the vocabulary has no options for " + word + " in " + scope);
        return java.util.Collections.unmodifiableSet(names);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The words of one scope, in table order. */
    public static List<Word> in(Scope scope) {
        return WORDS.stream().filter(w -> w.scope() == scope).toList();
    }

    private static Arg arg(String name, String type) {
        return new Arg(name, type, "");
    }

    private static Arg arg(String name, String type, String doc) {
        return new Arg(name, type, doc);
    }

    private static Word method(Scope scope, String name, String type, String doc, List<Arg> params, List<Arg> named) {
        return new Word(scope, name, false, type, params, named, doc);
    }

    private static Word property(Scope scope, String name, String type, String doc) {
        return new Word(scope, name, true, type, List.of(), List.of(), doc);
    }
}
