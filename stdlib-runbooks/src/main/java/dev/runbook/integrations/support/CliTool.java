package dev.runbook.integrations.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A platform CLI ({@code flyctl}, {@code wrangler}, {@code supabase}) found on the run's PATH and run with an
 * argument list in the run's environment (its tokens included). A non-zero exit becomes an exception carrying the
 * last lines the CLI printed, which {@link CallJournal} turns into the step's failure.
 */
public final class CliTool {
    /** Long enough for a deploy that waits for health checks; a stuck CLI is killed after it. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final CallJournal journal;
    private final List<String> names;
    private final String installHint;

    /**
     * @param names       executable names in order of preference
     * @param installHint what to tell the operator when none is found
     */
    public CliTool(CallJournal journal, List<String> names, String installHint) {
        this.journal = journal;
        this.names = List.copyOf(names);
        this.installHint = installHint;
    }

    /**
     * The command line as journaled: program name and arguments, each quoted as a shell would need it (the tool is
     * run with this argv, no shell), so what the journal shows can be pasted and means the same; masked.
     */
    public String describe(List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(names.getFirst());
        all.addAll(args);
        return journal.mask(dev.runbook.engine.ShellTemplate.argv(all));
    }

    public ExternalCommand.Result run(List<String> args, Path dir) throws Exception {
        Map<String, String> env = journal.context().environment();
        Path exe = Executables.find(names, env, List.of()).orElseThrow(() -> new Exception(
                "cannot run " + String.join(" or ", names) + ": not found on PATH — " + installHint));
        List<String> argv = new ArrayList<>();
        argv.add(exe.toString());
        argv.addAll(args);
        ExternalCommand.Result r = new ExternalCommand(argv).environment(env).directory(dir).timeout(TIMEOUT).run();
        if (r.exitCode() != 0) {
            String tail = r.tail(3);
            List<String> subcommand = args.stream().limit(2).takeWhile(a -> !a.startsWith("-")).toList();
            throw new Exception(exe.getFileName() + " " + String.join(" ", subcommand)
                    + " exited " + r.exitCode() + (tail.isEmpty() ? "" : ": " + tail));
        }
        return r;
    }
}
