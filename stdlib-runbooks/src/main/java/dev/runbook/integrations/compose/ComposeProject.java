package dev.runbook.integrations.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.docker.CallJournal;
import dev.runbook.integrations.docker.NamedOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compose('deploy/prod.yml', project: 'shop')}: one Compose project. Each method runs one Compose command,
 * journaled; commands that change something do nothing in a dry run. Services are given as names or a list.
 */
public final class ComposeProject {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationContext context;
    private final Path file;
    private final String project;
    private final CallJournal calls;
    private final CallJournal.Target target;

    ComposeProject(IntegrationContext context, Path file, String project) {
        this.context = context;
        this.file = file;
        this.project = project;
        this.calls = new CallJournal(context, "compose", e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        this.target = new CallJournal.Target("compose project", project != null ? project : file.getFileName().toString());
    }

    public String getFile() {
        return file.toString();
    }

    public String getProject() {
        return project;
    }

    /** The project's containers, stopped ones included, parsed from the CLI's JSON. */
    public List<ComposeContainer> ps() {
        return calls.read(target, "ps", null, () -> {
            ComposeCli cli = cli();
            if (cli.isV2()) return parseV2(check(cli.run(args("ps", "--all", "--format", "json")), "ps").stdout());
            // v1 prints only a table: take the container ids from it and ask the engine for their JSON.
            List<String> ids = check(cli.run(args("ps", "-q")), "ps").stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (ids.isEmpty()) return List.of();
            List<String> inspect = new ArrayList<>(List.of("inspect"));
            inspect.addAll(ids);
            return parseInspect(check(cli.docker(inspect), "ps").stdout());
        });
    }

    public ComposeAction restart(Object... services) {
        return restart(Map.of(), services);
    }

    /** {@code timeout:} seconds each container gets to stop. */
    public ComposeAction restart(Map<String, Object> options, Object... services) {
        Integer timeout = NamedOptions.check("compose.restart", options, "timeout").integer("timeout", null);
        List<String> extra = timeout == null ? List.of() : List.of("-t", String.valueOf(timeout));
        return change("restart", extra, names(services));
    }

    public ComposeAction stop(Object... services) {
        return change("stop", List.of(), names(services));
    }

    public ComposeAction start(Object... services) {
        return change("start", List.of(), names(services));
    }

    public ComposeAction pull(Object... services) {
        return change("pull", List.of(), names(services));
    }

    public ComposeAction up() {
        return up(Map.of());
    }

    /** {@code detach:} (default true) {@code build:} (default false: never build, use the images as tagged) {@code services:}. */
    public ComposeAction up(Map<String, Object> options) {
        NamedOptions o = NamedOptions.check("compose.up", options, "detach", "build", "services");
        List<String> flags = new ArrayList<>();
        if (o.bool("detach", true)) flags.add("-d");
        flags.add(o.bool("build", false) ? "--build" : "--no-build");
        return change("up", flags, o.strings("services"));
    }

    public ComposeAction down() {
        return down(Map.of());
    }

    /** {@code volumes: true} also deletes the project's named volumes: their data is gone. */
    public ComposeAction down(Map<String, Object> options) {
        boolean volumes = NamedOptions.check("compose.down", options, "volumes").bool("volumes", false);
        return change("down", volumes ? List.of("-v") : List.of(), List.of());
    }

    public ServiceLogs logs() {
        return logs(Map.of(), null);
    }

    public ServiceLogs logs(String service) {
        return logs(Map.of(), service);
    }

    /** {@code tail:} the last N lines of each container (default 100). */
    public ServiceLogs logs(Map<String, Object> options, String service) {
        int tail = NamedOptions.check("compose.logs", options, "tail").integer("tail", 100);
        Map<String, Object> details = new LinkedHashMap<>();
        if (service != null) details.put("services", List.of(service));
        details.put("tail", tail);
        return calls.read(target, "logs", details, () -> {
            ComposeCli cli = cli();
            List<String> a = args("logs", "--no-color", "--tail", String.valueOf(tail));
            if (cli.isV2()) a.add("--no-log-prefix");
            if (service != null) a.add(service);
            String out = check(cli.run(a), "logs").stdout();
            List<String> lines = out.lines()
                    .filter(l -> !l.startsWith("Attaching to "))
                    .map(l -> cli.isV2() ? l : l.replaceFirst("^\\S+\\s+\\| ?", ""))
                    .toList();
            return new ServiceLogs(service, lines);
        });
    }

    /**
     * Sets the image tag of {@code service} in the compose file ({@code 'v1.2.3'}, or a whole reference), after
     * copying the file to {@code <file>.bak-<time>} (with {@code -2}, {@code -3} … when a pin in the same second
     * already made that copy, so none is overwritten). Takes effect at the next {@code up()}.
     */
    public PinResult pinImage(String service, String tag) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service", service);
        details.put("tag", tag);
        return calls.change(target, "pinImage", details, () -> new PinResult(service, null, tag, file.toString(), null, true), () -> {
            try {
                PinResult r = ImagePin.pin(file, service, tag, context.clock().instant());
                details.put("from", r.from());
                details.put("to", r.to());
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot edit " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private ComposeAction change(String action, List<String> flags, List<String> services) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!services.isEmpty()) details.put("services", services);
        return calls.change(target, action, details, () -> new ComposeAction(target.name(), action, services, true, ""), () -> {
            List<String> a = args(action);
            a.addAll(flags);
            a.addAll(services);
            ComposeCli.Output out = check(cli().run(a), action);
            return new ComposeAction(target.name(), action, services, false, (out.stdout() + out.stderr()).strip());
        });
    }

    private ComposeCli cli() {
        return ComposeCli.find(context.environment());
    }

    private List<String> args(String... command) {
        List<String> a = new ArrayList<>(List.of("-f", file.toString()));
        if (project != null) a.addAll(List.of("-p", project));
        a.addAll(Arrays.asList(command));
        return a;
    }

    private ComposeCli.Output check(ComposeCli.Output out, String action) {
        if (out.exitCode() != 0) {
            throw new StepFailure(context.redact(calls.failedMessage(target, action, out.complaint()
                    + " (exit code " + out.exitCode() + ")")), StepFailure.Kind.ERROR);
        }
        return out;
    }

    /** Service names from strings, lists, or nothing (all services). */
    static List<String> names(Object... services) {
        List<String> out = new ArrayList<>();
        if (services == null) return out;
        for (Object s : services) {
            if (s instanceof Collection<?> c) c.forEach(x -> out.add(String.valueOf(x)));
            else if (s instanceof Object[] a) Arrays.stream(a).forEach(x -> out.add(String.valueOf(x)));
            else if (s != null) out.add(s.toString());
        }
        return out;
    }

    /** {@code docker compose ps --format json}: one JSON array (older v2) or one object per line (newer). */
    static List<ComposeContainer> parseV2(String json) {
        List<ComposeContainer> out = new ArrayList<>();
        String text = json.strip();
        if (text.isEmpty()) return out;
        try {
            List<JsonNode> nodes = new ArrayList<>();
            if (text.startsWith("[")) JSON.readTree(text).forEach(nodes::add);
            else for (String line : text.split("\r?\n")) if (!line.isBlank()) nodes.add(JSON.readTree(line));
            for (JsonNode n : nodes) {
                out.add(new ComposeContainer(n.path("Name").asText(null), n.path("Service").asText(null), n.path("State").asText(null),
                        n.path("Health").asText(""), n.path("Image").asText(null),
                        n.hasNonNull("ExitCode") ? n.get("ExitCode").asInt() : null));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON of compose ps: " + e.getMessage(), e);
        }
    }

    /** {@code docker inspect} JSON of a v1 project's containers. */
    static List<ComposeContainer> parseInspect(String json) {
        List<ComposeContainer> out = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(json)) {
                JsonNode state = n.path("State");
                out.add(new ComposeContainer(n.path("Name").asText("").replaceFirst("^/", ""),
                        n.path("Config").path("Labels").path("com.docker.compose.service").asText(null),
                        state.path("Status").asText(null), state.path("Health").path("Status").asText(""),
                        n.path("Config").path("Image").asText(null),
                        state.hasNonNull("ExitCode") ? state.get("ExitCode").asInt() : null));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON of docker inspect: " + e.getMessage(), e);
        }
    }

    @Override public String toString() {
        return "compose project " + target.name() + " (" + file + ")";
    }
}
