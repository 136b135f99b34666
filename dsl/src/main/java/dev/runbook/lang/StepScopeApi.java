package dev.runbook.lang;

import dev.runbook.model.CommandResult;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.io.File;
import java.util.Map;

/**
 * What a step body, a handler and a {@code when:} condition can use. The engine provides it; this interface
 * exists so that IDEs complete step bodies through {@code @DelegatesTo}.
 */
public interface StepScopeApi {
    /** The validated params: {@code params.version}. An unknown name is an error, not null. */
    Object getParams();

    /** The process environment: {@code env.HOME}. */
    Map<String, String> getEnv();

    /** Declared secrets by name: {@code secrets.SLACK_WEBHOOK}. Their values are redacted in all output. */
    Object getSecrets();

    /** This run: {@code run.id}, {@code run.severity}, {@code run.operator}, {@code run.startedAt}. */
    Object getRun();

    /** The run's folder, for artifacts such as captured logs. */
    File getWorkdir();

    /** The folder of the runbook file, for scripts and files shipped beside it. */
    File getRunbookDir();

    /** Results of earlier steps by name: {@code steps['Capture evidence'].stdout}. */
    Map<String, ?> getSteps();

    /**
     * Runs a command through {@code bash -c}, streaming its output live; fails the step on a non-zero exit.
     *
     * @return the exit code and the captured output
     */
    CommandResult sh(String command);

    /**
     * Runs a command with options: {@code timeout:}, {@code env: [K: 'v']}, {@code dir:}, {@code okExitCodes: [0, 1]},
     * {@code quiet: true} (capture without streaming).
     */
    CommandResult sh(Map<String, Object> options, String command);

    /**
     * {@code sh "deploy.sh ${params.version}"}: the text you wrote is shell, each {@code ${value}} is data, quoted for
     * the place it stands (bare, inside your {@code '…'} or {@code "…"}); a secret reaches the command through its
     * environment, never its command line. {@code raw(text)} inserts shell text as it is.
     */
    CommandResult sh(groovy.lang.GString command);

    /** As {@link #sh(groovy.lang.GString)}, with the options of {@link #sh(Map, String)}. */
    CommandResult sh(Map<String, Object> options, groovy.lang.GString command);

    /** {@code sh(['pg_dump', '-d', db])}: runs the words as they are, each passed on unchanged (no shell syntax). */
    CommandResult sh(java.util.List<?> argv);

    /** As {@link #sh(java.util.List)}, with the options of {@link #sh(Map, String)}. */
    CommandResult sh(Map<String, Object> options, java.util.List<?> argv);

    /**
     * Shell text to insert into a command as it is: {@code sh "kubectl ${raw(flags)} rollout undo"}. Never from a
     * person's input unchecked: {@code runbook check} warns when it comes from a param without {@code pattern:}.
     */
    dev.runbook.model.RawShell raw(Object text);

    /** Writes a line to the console and the journal. */
    void log(String text);

    /**
     * Writes the incident report of this run (so far) into the run's folder: {@code report 'incident.md'}, or
     * {@code 'incident.html'} for the self-contained HTML version. Usually written in {@code always { }}.
     */
    File report(String fileName);

    /** Asks the operator to confirm a checklist item; the run stops when they decline. */
    void manual(String text);

    /** Asks the operator to type {@code word}; the run stops otherwise. */
    void confirm(String word);

    /**
     * Asks the operator to type {@code word}, after telling them what happens next; the run stops otherwise.
     *
     * @param options {@code prompt: 'the primary is promoted and the old one fenced'}
     */
    void confirm(Map<String, Object> options, String word);

    /**
     * Fan-out: runs {@code block} once per target, several at once, and returns one result per target, in target
     * order: {@code .target}, {@code .status} (ok, failed, skipped), {@code .duration}, {@code .value}, {@code .error};
     * the list also has {@code .ok}, {@code .failed}, {@code .skipped} and {@code .values}. Fails the step when a target
     * failed, unless {@code continueOnFailure: true}.
     *
     * @param options {@code concurrency:} (default 10), {@code maxErrors:} (a count or {@code 10.percent}: no target is
     *                launched once more have failed), {@code timeout:} (per target), {@code continueOnFailure:}
     * @param targets a list, or a block that returns one
     * @param block   runs per target, which it receives as its parameter, with this same scope
     */
    java.util.List<?> forEach(Map<String, Object> options, Object targets,
                              @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block);

    /** {@link #forEach(Map, Object, Closure)} with the default options. */
    java.util.List<?> forEach(Object targets, @DelegatesTo(value = StepScopeApi.class, strategy = Closure.DELEGATE_FIRST) Closure<?> block);

    /** Fails the step with this message. */
    void fail(String message);

    /** Inside a step body only: the step's failure handler (the compiler lifts it out of the body). */
    void onFailure(Closure<?> handler);
}
