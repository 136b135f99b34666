package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands a person must look at: destructive ones (they get an approval before them), and ones that behave
 * differently in a runbook than at the page reader's terminal (a remote shell, a log that never ends, a
 * placeholder to fill in, SQL typed into bash, alternatives run one after the other).
 */
final class Cautions {
    private Cautions() {}

    private record Rule(Pattern pattern, String what) {}

    private static final List<Rule> DESTRUCTIVE = List.of(
            new Rule(Pattern.compile("(?i)\\bDROP\\s+(DATABASE|TABLE|SCHEMA|INDEX|ROLE|USER)\\b"), "drops a database object (DROP)"),
            new Rule(Pattern.compile("(?i)\\bTRUNCATE\\b"), "empties a table (TRUNCATE)"),
            new Rule(Pattern.compile("(?i)\\bDELETE\\s+FROM\\b"), "deletes rows (DELETE FROM)"),
            new Rule(Pattern.compile("\\bdropdb\\b"), "drops a database (dropdb)"),
            new Rule(Pattern.compile("\\brm\\s+(-[a-zA-Z]*r[a-zA-Z]*f|-[a-zA-Z]*f[a-zA-Z]*r|-r\\s+-f|-f\\s+-r|--recursive\\s+--force|--force\\s+--recursive)"),
                    "deletes files recursively (rm -rf)"),
            new Rule(Pattern.compile("\\bdocker(-compose|\\s+compose)?\\s+(system|volume|image|container|network|builder)\\s+prune\\b"),
                    "deletes Docker data (prune)"),
            new Rule(Pattern.compile("\\bdown\\s+(.*\\s)?(-v|--volumes)\\b"), "deletes the volumes (down -v)"),
            new Rule(Pattern.compile("\\bkubectl\\s+delete\\b"), "deletes Kubernetes objects (kubectl delete)"),
            new Rule(Pattern.compile("\\bgit\\s+(reset\\s+--hard|clean\\s+-[a-zA-Z]*f|push\\s+.*(--force|-f)\\b)"), "discards git history or files"),
            new Rule(Pattern.compile("\\b(terraform|pulumi)\\s+destroy\\b|\\b(fly|flyctl)\\s+(apps\\s+)?destroy\\b"), "destroys infrastructure"),
            new Rule(Pattern.compile("\\bsupabase\\s+db\\s+reset\\b"), "resets the database (supabase db reset)"),
            new Rule(Pattern.compile("(?i)\\bredis-cli\\b.*\\bFLUSH(ALL|DB)\\b"), "empties Redis (FLUSHALL)"),
            new Rule(Pattern.compile("(^|\\s)--force\\b"), "forces it (--force)"));

    /** {@code <migration-name>}, {@code [backup-id]}, {@code YYYY}, {@code your-bucket}: text the page's reader replaces. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][A-Za-z0-9_.-]*>|\\[[a-z][A-Za-z0-9_.-]*]|\\bYYYY\\b|\\byour-[a-z-]+");

    private static final List<Rule> JUDGEMENT = List.of(
            new Rule(Pattern.compile("^ssh\\s+(-\\S+\\s+)*[^\\s-]\\S*\\s*(#.*)?$"),
                    "opens a remote shell: the page's next commands were meant for that host, but the runbook runs them here "
                            + "(write them as ssh HOST 'command')"),
            new Rule(Pattern.compile("(\\blogs?\\b.*\\s(-f|--follow)\\b|\\btail\\s+(-\\S+\\s+)*-f\\b|\\s(-w|--watch)\\b|^watch\\s|\\bfly\\s+logs\\b(?!.*--no-tail))"),
                    "never ends by itself (it follows output): give the step a timeout:, or take it out"),
            new Rule(Pattern.compile("^(docker(-compose|\\s+compose)?\\s+exec\\s+(-\\S+\\s+)*\\S+\\s+)?(psql|mysql|mongosh?|redis-cli|sqlite3)\\b(?!.*(\\s-c\\b|\\s-f\\b|\\s-e\\b|<|--command|--file))"),
                    "opens an interactive client: in a runbook it reads nothing and ends at once"),
            new Rule(Pattern.compile("^(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\\s.*;"),
                    "is SQL, not a shell command: bash cannot run it (run it with psql -c)"),
            new Rule(PLACEHOLDER, "holds the placeholder %s: fill it in (or make it a param)"));

    /** Why the command destroys something; null when it does not look destructive. */
    static String destructive(String command) {
        String code = withoutComment(command);
        for (Rule r : DESTRUCTIVE) if (r.pattern().matcher(code).find()) return r.what();
        return null;
    }

    /** What a person must decide about this command; empty when nothing. */
    static List<String> judgement(String command) {
        // one logical line may span several (a trailing backslash): read as bash would, on one line
        String code = withoutComment(command.strip()).replaceAll("\\\\\n", " ").replace('\n', ' ');
        List<String> notes = new ArrayList<>();
        for (Rule r : JUDGEMENT) {
            if (r.pattern() == PLACEHOLDER) {
                // what a command prints is for people: "Usage: rollback.sh <version>" is not a placeholder
                if (code.matches("^(echo|printf)\\b.*")) continue;
                Matcher m = PLACEHOLDER.matcher(code);
                if (m.find()) notes.add(String.format(r.what(), m.group()));
            } else if (r.pattern().matcher(code).find()) {
                notes.add(r.what());
            }
        }
        return notes;
    }

    /** A comment line offering another way ("# Or check S3", "# Option B: …"): the runbook would do both. */
    static boolean alternative(String comment) {
        return comment.matches("(?i)^(or|alternatively|option\\s+[a-z0-9]+)\\b.*");
    }

    /** A heading or item that is done only sometimes ("If Restart Fails…", "(If Needed)", "(optional)"). */
    static boolean conditional(String name) {
        return name.matches("(?i)^(if|only if|when)\\b.*|.*\\((if|only if|optional)\\b.*\\).*|.*\\boptional\\b.*");
    }

    /** The command without a trailing comment (a {@code #} after a space, outside quotes, roughly). */
    private static String withoutComment(String command) {
        return command.replaceAll("(?m)\\s+#[^'\"\\n]*$", "");
    }
}
