package dev.runbook.testing

import com.github.difflib.DiffUtils
import com.github.difflib.UnifiedDiffUtils
import groovy.transform.CompileStatic

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A run's call log kept as a golden file beside the spec, as JenkinsPipelineUnit keeps its regression files: the
 * first run writes it, later runs compare with it, and a change fails with a diff. The file is reviewed in the pull
 * request like code: a changed command shows up as a changed line.
 *
 * <p>Refreshing on purpose: {@code runbook test --update-snapshots}, or the system property
 * {@code runbook.snapshots=update} (under Maven: {@code mvn test -Drunbook.snapshots=update}).
 */
@CompileStatic
final class CallLogSnapshot {
    /** The system property that rewrites every snapshot a spec compares, instead of comparing. */
    static final String PROPERTY = 'runbook.snapshots'

    /** Set by {@code runbook test --update-snapshots} for the specs it runs; else the system property decides. */
    static volatile Boolean updating

    /** The snapshot files this JVM wrote (new) and rewrote (changed, while updating), for the summary. */
    static final List<Path> written = new CopyOnWriteArrayList<>()
    static final List<Path> updated = new CopyOnWriteArrayList<>()

    private CallLogSnapshot() {}

    static boolean updatingNow() {
        updating != null ? updating.booleanValue() : System.getProperty(PROPERTY) == 'update'
    }

    static void reset() {
        written.clear()
        updated.clear()
    }

    /**
     * Asserts that the run's call log equals the snapshot of this feature ({@code name}: a second one in it), the file
     * {@code snapshots/<SpecName>/<feature>[-<name>].txt} beside the spec's source.
     */
    static void assertMatches(Class<?> spec, String feature, String name, SpecRun run, Path runsRoot) {
        Path folder = SpecLocations.folderOf(spec)
        assert folder != null: "the source of ${spec.simpleName} was not found, so its snapshot has no place beside it (under Maven, set -Drunbook.spec.roots)"
        String file = slug(feature) + (name ? '-' + slug(name) : '') + '.txt'
        String title = "${spec.simpleName} › ${feature}${name ? ' (' + name + ')' : ''}".toString()
        Map<String, String> replace = [(runsRoot.toString()): '<runs>', (run.result.runDir().fileName.toString()): '<run>']
        check(folder.resolve('snapshots').resolve(spec.simpleName).resolve(file), render(title, run.calls, replace))
    }

    /**
     * The call log as the file holds it: a header naming the feature, then one line per call,
     * {@code [step] kind: text}, with the run's own folder and id (different on every run) written as
     * {@code <runs>} and {@code <run>}.
     */
    static String render(String title, List<CallLog.Call> calls, Map<String, String> replace) {
        StringBuilder sb = new StringBuilder()
        sb << '# call log of ' << title << ' (runbook test --update-snapshots rewrites it)\n'
        for (CallLog.Call c : calls) {
            String line = c.toString()
            replace.each { String from, String to -> if (from) line = line.replace(from, to) }
            sb << line.replace('\r', '\\r').replace('\n', '\\n') << '\n'
        }
        sb.toString()
    }

    /**
     * Compares {@code actual} with the file: missing, it is written (and the spec passes); different, the spec
     * fails with a unified diff, unless snapshots are being updated.
     */
    static void check(Path file, String actual) {
        if (!Files.exists(file)) {
            Files.createDirectories(file.parent)
            Files.writeString(file, actual, StandardCharsets.UTF_8)
            written << file
            return
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8)
        if (expected == actual) return
        if (updatingNow()) {
            Files.writeString(file, actual, StandardCharsets.UTF_8)
            updated << file
            return
        }
        List<String> before = expected.readLines()
        List<String> after = actual.readLines()
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(file.toString(), 'this run', before, DiffUtils.diff(before, after), 2)
        throw new AssertionError(("the call log differs from its snapshot ${file}\n" +
                "(- the snapshot, + this run; if the change is intended: runbook test --update-snapshots, or -D${PROPERTY}=update under Maven)\n" +
                diff.join('\n')).toString())
    }

    /** A feature's name as a file name: {@code "rolls back, then waits"} → {@code rolls-back-then-waits}. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll(/[^a-z0-9]+/, '-').replaceAll(/^-+|-+$/, '')
        s = s.length() > 80 ? s.substring(0, 80).replaceAll(/-+$/, '') : s
        s ?: 'feature'
    }
}
