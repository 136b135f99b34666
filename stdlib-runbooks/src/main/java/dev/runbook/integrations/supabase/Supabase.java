package dev.runbook.integrations.supabase;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.CliTool;
import dev.runbook.integrations.support.NamedOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code supabase} inside steps: the migration history of a Supabase project, local folder against database.
 * {@code supabase migration list} has no JSON output, so its table is parsed.
 */
public final class Supabase {
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^:/@]*:([^@]*)@");

    private final CallJournal journal;
    private final CliTool cli;

    Supabase(IntegrationContext context) {
        this.journal = new CallJournal(context, "supabase");
        for (String key : List.of("SUPABASE_ACCESS_TOKEN", "SUPABASE_DB_PASSWORD")) {
            String v = context.environment().get(key);
            if (v != null) journal.hiding(List.of(v));
        }
        this.cli = new CliTool(journal, List.of("supabase"), "install the Supabase CLI (npm install -g supabase)");
    }

    public List<SupabaseMigration> migrations() {
        return migrations(Map.of());
    }

    /**
     * Options: {@code linked: true} (the linked project), {@code local: true} (the local database), {@code dbUrl:}
     * (any database; its password is masked everywhere), {@code dir:} (the project folder, default the working one).
     */
    public List<SupabaseMigration> migrations(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("supabase.migrations", options, List.of("linked", "local", "dbUrl", "dir"));
        List<String> args = new ArrayList<>(List.of("migration", "list"));
        String target;
        if (o.has("dbUrl")) {
            String url = o.string("dbUrl");
            Matcher m = URL_PASSWORD.matcher(url);
            if (m.find() && !m.group(1).isEmpty()) journal.hiding(List.of(m.group(1)));
            args.addAll(List.of("--db-url", url));
            target = url;
        } else if (o.bool("local", false)) {
            args.add("--local");
            target = "local database";
        } else {
            if (o.bool("linked", false)) args.add("--linked");
            target = "linked project";
        }
        Path dir = o.path("dir");
        if (dir != null) target = target + " (" + dir + ")";
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("command", cli.describe(args));
        String where = target;
        return journal.call("migrations", where, "listing migrations", extra, () -> {
            List<SupabaseMigration> list = parse(cli.run(args, dir).stdout());
            extra.put("migrations", list.size());
            extra.put("pending", list.stream().filter(x -> !x.isApplied()).count());
            return list;
        });
    }

    /**
     * The CLI renders a table of LOCAL │ REMOTE │ TIME (UTC) (box-drawing bars on a terminal, plain bars
     * otherwise); a blank cell means the version is missing on that side.
     */
    static List<SupabaseMigration> parse(String output) {
        List<SupabaseMigration> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] cells = line.split("[│|]", -1);
            if (cells.length < 3) continue;
            List<String> c = new ArrayList<>();
            for (String cell : cells) c.add(cell.replace("`", "").strip());
            if (line.strip().startsWith("|")) c.removeFirst(); // markdown style: | a | b | c |
            if (c.size() < 3) continue;
            String local = c.get(0), remote = c.get(1), time = c.get(2);
            if (local.equalsIgnoreCase("local") || local.matches("[-─┼+: ]*") && remote.matches("[-─┼+: ]*")) continue;
            if (!local.matches("\\d*") || !remote.matches("\\d*") || local.isEmpty() && remote.isEmpty()) continue;
            out.add(new SupabaseMigration(local.isEmpty() ? null : local, remote.isEmpty() ? null : remote, time));
        }
        return out;
    }
}
