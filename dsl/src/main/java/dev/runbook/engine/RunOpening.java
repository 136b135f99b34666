package dev.runbook.engine;

import dev.runbook.journal.EventTypes;
import dev.runbook.journal.HeldLocks;
import dev.runbook.journal.Journal;
import dev.runbook.journal.LockHolder;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Node;
import dev.runbook.model.Parallel;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.Team;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens a run: refuses one that will ask questions nobody can answer, takes its locks, opens its journal (new, or
 * an earlier run's to go on with), and makes its {@link RunContext}. A refused run leaves no trace: the locks are
 * taken before the journal opens, and given back when it cannot.
 */
final class RunOpening {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunOpening() {}

    /** A new run: its params and secrets checked, its prompts answerable, then opened. */
    static RunContext start(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                            Team team) {
        Inputs inputs = Inputs.resolve(runbook, options.params(), options.environment());
        UnattendedQuestions.refuse(runbook, options, operator);
        if (team != null) dev.runbook.compile.ApprovalReach.check(runbook, team);
        return open(runbook, options, operator, clock, inputs, integrations, team, null, 0);
    }

    /** An earlier run to go on with, with {@code params} (those it started with, or the REPL's), as a dry run if it was one. */
    static RunContext reopen(Runbook runbook, RunOptions options, Operator operator, Clock clock, Integrations integrations,
                             Team team, RunHistory history, long validJournalBytes, Map<String, String> params) {
        Inputs inputs = Inputs.resolve(runbook, params, options.environment());
        UnattendedQuestions.refuse(runbook, options, operator);
        if (team != null) dev.runbook.compile.ApprovalReach.check(runbook, team);
        return open(runbook, options.withDryRun(history.dryRun()), operator, clock, inputs, integrations, team, history,
                validJournalBytes);
    }

    /** {@code history} is given when an earlier run is resumed, null for a new run. */
    static RunContext open(Runbook runbook, RunOptions options, Operator operator, Clock clock, Inputs inputs,
                           Integrations integrations, Team team, RunHistory history, long validJournalBytes) {
        Instant now = history != null ? history.startedAt() : clock.instant();
        String id = history != null ? history.runId()
                : ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        RunStore store = options.storeOrFolder();
        String operatorName = history != null ? history.operator() : options.operatorName();
        // the run's targets are taken before its journal opens: a refused run leaves no trace. A dry run acts on
        // nothing, so it takes nothing and never keeps a real run waiting.
        HeldLocks locks = options.dryRun() ? HeldLocks.NONE
                : store.lock(runbook.locks().stream().map(l -> l.resolve(inputs.params())).toList(),
                new LockHolder(id, operatorName, hostName(), ProcessHandle.current().pid(), clock.instant()), options.lockWait());
        Journal journal;
        try {
            journal = history != null ? store.reopen(id, validJournalBytes) : store.create(id);
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
        List<String> secretValues = new ArrayList<>(inputs.secrets().values());
        for (String name : notificationSecretNames(team)) {
            String v = options.environment().get(name);
            if (v != null && !v.isEmpty()) secretValues.add(v);
        }
        secretValues.addAll(Redactor.environmentCredentials(options.environment()));
        EventBus bus = new EventBus(journal, new Redactor(secretValues), clock, history == null ? 0 : history.lastSeq());
        Severity severity = history != null ? Severity.parse(history.severity())
                : options.severity() != null ? options.severity() : runbook.severity();
        RunInfo runInfo = new RunInfo(id, severity, operatorName, now, hostName(), options.dryRun())
                .journaling((from, to, step) -> bus.emit(EventTypes.SEVERITY_CHANGED, severityChange(from, to, step, operatorName)));
        long startMillis = clock.millis() - Duration.between(now, clock.instant()).toMillis();
        RunContext run = new RunContext(runbook, options, operator, clock, store, locks, journal, bus, integrations, team,
                runInfo, new Params(inputs.params(), "param"), new Params(inputs.secrets(), "secret"), results(runbook, history),
                startMillis);
        if (history != null) run.approvals.restore(history.grants(), history.seenInboxFiles());
        return run;
    }

    /** A result per node, and per step of a parallel block (steps['name'] finds them); a resumed run's finished ones. */
    private static Map<String, StepResult> results(Runbook runbook, RunHistory history) {
        Map<String, StepResult> results = new LinkedHashMap<>();
        runbook.nodes().forEach(n -> {
            results.put(n.name(), new StepResult());
            if (n instanceof Parallel p) p.steps().forEach(st -> results.put(st.name(), new StepResult()));
        });
        if (history != null) {
            history.nodes().forEach((name, rec) -> {
                if (rec.state() == RunHistory.NodeState.DONE && results.containsKey(name)) results.put(name, rec.result());
            });
        }
        return results;
    }

    private static Map<String, Object> severityChange(Severity from, Severity to, String step, String operator) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("from", from.name());
        d.put("severity", to.name());
        if (step != null) d.put("step", step);
        d.put("operator", operator);
        return d;
    }

    /** Environment variables the team file names for webhooks and keys: their values are masked like secrets. */
    private static List<String> notificationSecretNames(Team team) {
        List<String> names = new ArrayList<>(List.of("SLACK_WEBHOOK", "PAGERDUTY_ROUTING_KEY"));
        if (team.notifications().slackWebhookSecret() != null) names.add(team.notifications().slackWebhookSecret());
        if (team.notifications().pagerdutyKeySecret() != null) names.add(team.notifications().pagerdutyKeySecret());
        return names;
    }

    static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
