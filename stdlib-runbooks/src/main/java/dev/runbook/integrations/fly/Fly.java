package dev.runbook.integrations.fly;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.CliTool;
import dev.runbook.integrations.support.NamedOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fly} inside steps: a Fly.io app's releases and status, and rollback. Fly has no rollback command; a rollback
 * deploys the image of an earlier release again ({@code fly deploy --image}), which is what Fly's own guide says to
 * do. Runs {@code flyctl} (or {@code fly}) from PATH; {@code FLY_API_TOKEN} comes from the run's environment.
 */
public final class Fly {
    private final CallJournal journal;
    private final CliTool cli;

    Fly(IntegrationContext context) {
        this.journal = new CallJournal(context, "fly");
        String token = context.environment().get("FLY_API_TOKEN");
        if (token != null) journal.hiding(List.of(token));
        this.cli = new CliTool(journal, List.of("flyctl", "fly"), "install flyctl (https://fly.io/docs/flyctl/install/)");
    }

    /** The app's releases, newest first. */
    public List<FlyRelease> releases(String app) {
        return releases(Map.of(), app);
    }

    public List<FlyRelease> releases(Map<String, Object> options, String app) {
        NamedOptions.of("fly.releases", options, List.of());
        List<String> args = List.of("releases", "--app", app, "--json");
        Map<String, Object> extra = command(args);
        return journal.call("releases", app, "listing releases of app '" + app + "'", extra, () -> {
            List<FlyRelease> releases = FlyJson.releases(cli.run(args, null).stdout());
            extra.put("releases", releases.size());
            return releases;
        });
    }

    public FlyStatus status(String app) {
        return status(Map.of(), app);
    }

    public FlyStatus status(Map<String, Object> options, String app) {
        NamedOptions.of("fly.status", options, List.of());
        List<String> args = List.of("status", "--app", app, "--json");
        Map<String, Object> extra = command(args);
        return journal.call("status", app, "status of app '" + app + "'", extra, () -> {
            FlyStatus s = FlyJson.status(cli.run(args, null).stdout());
            extra.put("version", s.version());
            extra.put("healthy", s.isHealthy());
            return s;
        });
    }

    /** {@code fly.rollback('api', 'v41')}: deploys release v41's image again. */
    public FlyRollback rollback(String app, Object version) {
        return rollback(Map.of(), app, version);
    }

    /** Options: {@code strategy:} (rolling, immediate, canary, bluegreen) and {@code detach: true}. */
    public FlyRollback rollback(Map<String, Object> options, String app, Object version) {
        NamedOptions o = NamedOptions.of("fly.rollback", options, List.of("strategy", "detach"));
        int v = parseVersion(version);
        List<FlyRelease> releases = releases(app);
        FlyRelease target = releases.stream().filter(r -> r.version() == v).findFirst().orElseThrow(() -> journal.failure(
                "rollback of app '" + app + "' refused: it has no release v" + v + " (newest: "
                        + String.join(", ", releases.stream().limit(5).map(r -> "v" + r.version()).toList()) + ")"));
        if (target.imageRef() == null || target.imageRef().isBlank()) {
            throw journal.failure("rollback of app '" + app + "' refused: release v" + v + " has no image to deploy again");
        }
        List<String> args = new ArrayList<>(List.of("deploy", "--app", app, "--image", target.imageRef()));
        if (o.has("strategy")) args.addAll(List.of("--strategy", o.string("strategy")));
        if (o.bool("detach", false)) args.add("--detach");
        Map<String, Object> extra = command(args);
        extra.put("version", v);
        extra.put("image", target.imageRef());
        if (journal.context().dryRun()) {
            journal.dryRun("rollback", app, extra);
            return new FlyRollback(app, v, target.imageRef(), true);
        }
        return journal.call("rollback", app, "rollback of app '" + app + "' to v" + v, extra, () -> {
            cli.run(args, null);
            return new FlyRollback(app, v, target.imageRef(), false);
        });
    }

    private Map<String, Object> command(List<String> args) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("command", cli.describe(args));
        return extra;
    }

    private int parseVersion(Object version) {
        String s = String.valueOf(version).strip();
        if (s.startsWith("v") || s.startsWith("V")) s = s.substring(1);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw journal.failure("rollback: '" + version + "' is not a release version — write it as 41 or 'v41'");
        }
    }
}
