package dev.runbook.integrations.wrangler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.CliTool;
import dev.runbook.integrations.support.JsonOutput;
import dev.runbook.integrations.support.NamedOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wrangler} inside steps: a Cloudflare Worker's deployments and rollback to an earlier version. Runs
 * {@code wrangler} from PATH; {@code CLOUDFLARE_API_TOKEN} and {@code CLOUDFLARE_ACCOUNT_ID} come from the run's
 * environment.
 */
public final class Wrangler {
    private final CallJournal journal;
    private final CliTool cli;

    Wrangler(IntegrationContext context) {
        this.journal = new CallJournal(context, "wrangler");
        String token = context.environment().get("CLOUDFLARE_API_TOKEN");
        if (token != null) journal.hiding(List.of(token));
        this.cli = new CliTool(journal, List.of("wrangler"), "install it with npm install -g wrangler");
    }

    /** The Worker's recent deployments, newest first: {@code [0]} is the one serving now. */
    public List<WranglerDeployment> deployments(String name) {
        return deployments(Map.of(), name);
    }

    public List<WranglerDeployment> deployments(Map<String, Object> options, String name) {
        NamedOptions.of("wrangler.deployments", options, List.of());
        List<String> args = List.of("deployments", "list", "--name", name, "--json");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("command", cli.describe(args));
        return journal.call("deployments", name, "listing deployments of Worker '" + name + "'", extra, () -> {
            List<WranglerDeployment> list = parse(cli.run(args, null).stdout());
            extra.put("deployments", list.size());
            return list;
        });
    }

    public WranglerRollback rollback(String name, String versionId) {
        return rollback(Map.of(), name, versionId);
    }

    /** {@code wrangler.rollback('api', versionId, message: 'INC-42: bad release')}: that version gets all traffic. */
    public WranglerRollback rollback(Map<String, Object> options, String name, String versionId) {
        NamedOptions o = NamedOptions.of("wrangler.rollback", options, List.of("message"));
        if (versionId == null || versionId.isBlank()) {
            throw journal.failure("rollback of Worker '" + name + "' needs the version id to go back to — see wrangler.deployments('" + name + "')");
        }
        List<String> args = new ArrayList<>(List.of("rollback", versionId, "--name", name));
        String message = o.string("message");
        if (message != null) args.addAll(List.of("--message", message));
        args.add("--yes");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("command", cli.describe(args));
        extra.put("versionId", versionId);
        if (journal.context().dryRun()) {
            journal.dryRun("rollback", name, extra);
            return new WranglerRollback(name, versionId, message, true);
        }
        return journal.call("rollback", name, "rollback of Worker '" + name + "' to version " + versionId, extra, () -> {
            cli.run(args, null);
            return new WranglerRollback(name, versionId, message, false);
        });
    }

    /** wrangler prints the API's deployment objects, oldest first. */
    static List<WranglerDeployment> parse(String output) throws Exception {
        List<WranglerDeployment> out = new ArrayList<>();
        for (JsonNode d : JsonOutput.parse("wrangler deployments list", output)) {
            List<WranglerDeployment.VersionShare> versions = new ArrayList<>();
            for (JsonNode v : d.path("versions")) {
                versions.add(new WranglerDeployment.VersionShare(JsonOutput.text(v, "version_id"), v.path("percentage").asDouble()));
            }
            out.add(new WranglerDeployment(JsonOutput.text(d, "id"), JsonOutput.instant(d, "created_on"), JsonOutput.text(d, "author_email"),
                    JsonOutput.text(d, "source"), JsonOutput.text(d.path("annotations"), "workers/message"), versions));
        }
        out.sort(Comparator.comparing(WranglerDeployment::createdOn, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return out;
    }
}
