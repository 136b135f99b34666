package dev.runbook.testing

import dev.runbook.engine.CommandRunner
import dev.runbook.engine.ShellCommand
import dev.runbook.engine.StepFailure
import dev.runbook.lang.Durations
import dev.runbook.lang.GroovyText
import dev.runbook.model.CommandResult

import java.util.concurrent.CopyOnWriteArrayList
import java.util.function.BiConsumer

/**
 * {@code sh} in runbook specs: answers commands from rules written with {@link #on}, never starts a process. A
 * command no rule answers fails its step and the spec, with the command line, so a runbook under test never runs
 * anything on the machine by accident.
 *
 * <p>The newest matching rule answers, so a feature can override what {@code setup()} scripted; a rule with
 * {@code times: n} answers n times and then gives way to older ones (a command that fails once, then works).
 */
class FakeShell implements CommandRunner {
    private static class Rule {
        Object pattern
        Closure answer
        Integer timesLeft
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>()
    private final CallLog log
    private final VirtualClock clock
    private final List<String> unscripted

    FakeShell(CallLog log, VirtualClock clock, List<String> unscripted) {
        this.log = log
        this.clock = clock
        this.unscripted = unscripted
    }

    /**
     * Scripts commands matching {@code pattern}: a Pattern is searched for in the command line; a String matches a
     * command equal to it or containing it, or else is read as a regular expression.
     * @param answer what the command does; without one it succeeds with no output
     */
    FakeShell on(Map options, Object pattern,
                 @DelegatesTo(value = CommandAnswer, strategy = Closure.DELEGATE_ONLY) Closure answer) {
        rules << new Rule(pattern: pattern, answer: answer, timesLeft: options.times as Integer)
        this
    }

    FakeShell on(Object pattern, @DelegatesTo(value = CommandAnswer, strategy = Closure.DELEGATE_ONLY) Closure answer) {
        on([:], pattern, answer)
    }

    /** The command succeeds with no output. */
    FakeShell on(Object pattern) {
        on([:], pattern) {}
    }

    /** {@code times:} the rule answers that many times, then gives way to older rules. */
    FakeShell on(Map options, Object pattern) {
        on(options, pattern) {}
    }

    @Override
    CommandResult run(ShellCommand command, BiConsumer<String, String> onLine) throws InterruptedException {
        String line = command.command()
        log.add('sh', line, command.step())
        Rule rule = rules.reverse().find { Rule r -> (r.timesLeft == null || r.timesLeft > 0) && matches(r.pattern, line) }
        if (rule == null) {
            unscripted << "sh in step '${command.step()}': ${line}  — script it: ${hint(line)}".toString()
            throw new StepFailure("unscripted command (the spec has no shell.on for it): " + line, StepFailure.Kind.ERROR)
        }
        synchronized (rule) { if (rule.timesLeft != null) rule.timesLeft-- }
        def answer = new CommandAnswer(line, command.environment(), command.dir())
        Closure c = (Closure) rule.answer.clone()
        c.resolveStrategy = Closure.DELEGATE_ONLY
        c.delegate = answer
        c.call(answer)
        answer.out.toString().eachLine { onLine.accept('out', it) }
        answer.err.toString().eachLine { onLine.accept('err', it) }
        if (command.timeout() != null && answer.took > command.timeout()) {
            clock.advance(command.timeout())
            throw new StepFailure("command timed out after ${Durations.format(command.timeout())}: $line", StepFailure.Kind.TIMEOUT)
        }
        clock.advance(answer.took)
        new CommandResult(line, answer.exitCode, answer.out.toString(), answer.err.toString())
    }

    /**
     * The rule that answers exactly this command, as Groovy a spec can paste: the whole line (a shorter part could
     * match other commands too), quoted so that quotes, backslashes and {@code $} in it stay what they are.
     */
    static String hint(String line) {
        "shell.on(${GroovyText.literal(line)}) { stdout '...' }"
    }

    /** As {@link CallLog#matches}, and a String that is neither equal nor part of the line is tried as a regex. */
    static boolean matches(Object pattern, String line) {
        if (CallLog.matches(pattern, line)) return true
        if (pattern instanceof java.util.regex.Pattern) return false
        try {
            return (line =~ String.valueOf(pattern)).find()
        } catch (java.util.regex.PatternSyntaxException ignored) {
            return false
        }
    }
}
