package dev.runbook.integrations.compose;

import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.support.ExternalCommand;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Compose command line found on PATH: {@code docker compose} (v2, preferred) or {@code docker-compose} (v1).
 * Runs it with an argument list (no shell, so no quoting problems) and the run's environment.
 */
final class ComposeCli {
    private static final Map<String, ComposeCli> FOUND = new ConcurrentHashMap<>();

    private final List<String> prefix;
    private final String docker;
    private final Map<String, String> environment;

    private ComposeCli(List<String> prefix, String docker, Map<String, String> environment) {
        this.prefix = prefix;
        this.docker = docker;
        this.environment = environment;
    }

    /** Finds the CLI once per PATH; fails the step with what to install when there is none. */
    static ComposeCli find(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        ComposeCli cli = FOUND.computeIfAbsent(path, p -> detect(p, environment));
        return new ComposeCli(cli.prefix, cli.docker, environment);
    }

    private static ComposeCli detect(String path, Map<String, String> environment) {
        String docker = onPath("docker", path);
        if (docker != null) {
            ComposeCli v2 = new ComposeCli(List.of(docker, "compose"), docker, environment);
            try {
                if (v2.run(List.of("version")).exitCode() == 0) return v2;
            } catch (StepFailure ignored) {
                // no compose plugin: try v1 below
            }
        }
        String v1 = onPath("docker-compose", path);
        if (v1 != null) return new ComposeCli(List.of(v1), docker, environment);
        throw new StepFailure("compose: neither 'docker compose' (v2) nor 'docker-compose' (v1) is installed here"
                + " — install the compose plugin or docker-compose", StepFailure.Kind.ERROR);
    }

    private static String onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
        }
        return null;
    }

    /** True for {@code docker compose}, which knows {@code --format json} and {@code --no-log-prefix}. */
    boolean isV2() {
        return prefix.size() == 2;
    }

    /** How the CLI is called, for messages: "docker compose" or "docker-compose". */
    String describe() {
        return isV2() ? "docker compose" : "docker-compose";
    }

    Output run(List<String> args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(args);
        return exec(argv);
    }

    /** The plain docker CLI (for {@code docker inspect} under Compose v1, which has no JSON output). */
    Output docker(List<String> args) {
        if (docker == null) throw new StepFailure("compose: 'docker' is not on PATH, and docker-compose v1 needs it to list containers as JSON",
                StepFailure.Kind.ERROR);
        List<String> argv = new ArrayList<>();
        argv.add(docker);
        argv.addAll(args);
        return exec(argv);
    }

    private Output exec(List<String> argv) {
        try {
            ExternalCommand.Result r = new ExternalCommand(argv).onlyEnvironment(environment).run();
            return new Output(dev.runbook.engine.ShellTemplate.argv(argv), r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new StepFailure("compose: cannot run " + argv.get(0) + ": " + e.getMessage(), StepFailure.Kind.ERROR);
        } catch (InterruptedException e) {
            // ExternalCommand has killed the CLI and its children
            Thread.currentThread().interrupt();
            throw new StepFailure("compose: interrupted while running " + dev.runbook.engine.ShellTemplate.argv(argv), StepFailure.Kind.ABORTED);
        }
    }

    /** One finished command. */
    record Output(String command, int exitCode, String stdout, String stderr) {
        /** The last lines of stderr (or stdout), for an error message. */
        String complaint() {
            String text = (stderr.isBlank() ? stdout : stderr).strip();
            String[] lines = text.split("\r?\n");
            int from = Math.max(0, lines.length - 5);
            return String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length)).strip();
        }
    }
}
