package dev.runbook.cli.importer

import dev.runbook.cli.CliRun
import dev.runbook.compile.RunbookCompiler
import dev.runbook.console.PlanRenderer
import dev.runbook.console.Style
import dev.runbook.model.Runbook

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** Pages to import, the import itself, and what the import's runbooks compile and plan to, for the import specs. */
class ImportPages {
    /** One of the real pages in src/test/resources/import-pages (see its README). */
    static String seed(String name) {
        ImportPages.getResourceAsStream("/import-pages/$name").withCloseable { new String(it.readAllBytes(), StandardCharsets.UTF_8) }
    }

    /** Writes {@code text} as {@code dir/page.md} and imports it into {@code dir/out}. */
    static CliRun importText(Path dir, String text) {
        importText(dir, text, 'page.md')
    }

    /** Writes {@code text} as {@code dir/name} and imports it into {@code dir/out}, with more options. */
    static CliRun importText(Path dir, String text, String name, String... more) {
        def page = dir.resolve(name)
        Files.writeString(page, text)
        CliRun.of((['import', page.toString(), '-o', dir.resolve('out').toString()] + more.toList()) as String[])
    }

    /** The runbooks an import wrote into {@code out}, in the order of the page (their first line names it). */
    static List<Path> runbooks(Path out) {
        new ArrayList<Path>(Files.list(out).withCloseable { s ->
            s.filter { it.toString().endsWith('.groovy') && !it.fileName.toString().endsWith('Spec.groovy') }.toList()
        }).sort { Integer.parseInt((Files.readAllLines(it)[0] =~ /lines (\d+)/)[0][1] as String) }
    }

    /** Compiles a runbook as {@code runbook check} and {@code plan} do. */
    static Runbook compile(Path file) {
        new RunbookCompiler().compile(file)
    }

    /** What {@code runbook plan} prints for the file, without colours. */
    static String plan(Path file) {
        def bytes = new ByteArrayOutputStream()
        new PlanRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Style(false)).render(compile(file))
        bytes.toString(StandardCharsets.UTF_8)
    }

    /**
     * The lines of the page's ```bash blocks that hold code (not blank, not a comment), with their line numbers,
     * read with nothing of the importer: a regex over the page.
     */
    static List<Map> bashCode(String page) {
        List<Map> code = []
        boolean inside = false
        page.split('\n', -1).eachWithIndex { String line, int i ->
            if (!inside && line ==~ /^\s*```\s*(bash|sh|shell|zsh)\b.*/) { inside = true; return }
            if (inside && line ==~ /^\s*```\s*$/) { inside = false; return }
            if (inside && !line.isBlank() && !line.strip().startsWith('#')) code << [line: i + 1, text: line.strip()]
        }
        code
    }

    /** The plan's text as the page wrote it: Groovy's escapes undone, all space runs one space. */
    static String asWritten(String plan) {
        plan.replace('\\\\', '\u0000').replace("\\'", "'").replace('\u0000', '\\').replaceAll(/\s+/, ' ')
    }
}
