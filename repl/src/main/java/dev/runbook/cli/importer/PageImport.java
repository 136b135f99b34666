package dev.runbook.cli.importer;

import dev.runbook.cli.scaffold.Scaffold;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runbook import PAGE}: reads a markdown page and makes one runbook per procedure, a first spec for each, and
 * IMPORT.md. Writes nothing itself: the command writes the files (never over existing ones unless forced).
 */
public final class PageImport {
    private PageImport() {}

    /** One runbook made: its file, its name, how many steps and review points it has. */
    public record Runbook(String file, String name, int steps, int reviews, int fromLine) {}

    /** The files to write, and what they are. */
    public record Result(List<Scaffold.File> files, List<Runbook> runbooks, List<String> leftOut) {}

    public static Result of(Path page) throws ImportException {
        String text = PageFile.read(page);
        String pageName = page.getFileName() == null ? page.toString() : page.getFileName().toString();
        List<PageElement> elements = MarkdownPage.read(text);
        if (elements.stream().noneMatch(e -> e instanceof PageElement.Bash)) throw noBash(page, elements);
        int lastLine = (int) text.lines().count();
        ProcedureFinder.Found found = ProcedureFinder.find(elements, lastLine, stem(pageName));
        List<String> names = ProcedureTranslator.names(found.procedures());
        List<ImportReport.Made> made = new ArrayList<>();
        List<String> leftOut = new ArrayList<>(found.leftOut());
        for (int i = 0; i < names.size(); i++) {
            Procedure p = found.procedures().get(i);
            Draft d = ProcedureTranslator.translate(p, names.get(i));
            if (!d.hasSteps()) {
                leftOut.add(p.line() + "–" + p.endLine() + " \"" + p.heading() + "\": its bash blocks hold only comments, no command");
                continue;
            }
            String file = d.name + ".groovy";
            String spec = Names.specClass(d.name);
            made.add(new ImportReport.Made(d, file, spec + ".groovy", RunbookWriter.write(d, pageName)));
        }
        if (made.isEmpty()) {
            throw new ImportException(page + ": its bash blocks hold only comments — nothing to run; "
                    + "put the commands in the ```bash blocks");
        }
        leftOut.sort(java.util.Comparator.comparingInt(PageImport::firstNumber));
        List<Scaffold.File> files = new ArrayList<>();
        List<Runbook> runbooks = new ArrayList<>();
        for (ImportReport.Made m : made) {
            files.add(new Scaffold.File(m.file(), m.written().text(), false));
            String specClass = m.spec().substring(0, m.spec().length() - ".groovy".length());
            files.add(new Scaffold.File(m.spec(), SpecWriter.write(m.draft(), m.file(), specClass, pageName), false));
            runbooks.add(new Runbook(m.file(), m.draft().name, (int) m.draft().nodes.stream().filter(n -> n instanceof Draft.Step).count(),
                    m.written().reviews().size(), m.draft().source.line()));
        }
        files.add(new Scaffold.File("IMPORT.md", ImportReport.write(pageName, made, leftOut), false));
        return new Result(files, runbooks, leftOut);
    }

    private static ImportException noBash(Path page, List<PageElement> elements) {
        var unlabelled = elements.stream().filter(e -> e instanceof PageElement.OtherBlock o && o.info().isEmpty()).findFirst();
        boolean markdown = elements.stream().anyMatch(e -> !(e instanceof PageElement.Prose));
        String why = unlabelled.map(e -> page + ":" + e.line() + ":1: no bash blocks — the ``` block here has no language: "
                        + "write ```bash if it is shell (runbook import makes steps only from bash blocks)")
                .orElse(page + ": " + (markdown ? "no bash blocks" : "not a markdown page (no headings, lists or ``` blocks)")
                        + " — runbook import makes steps from ```bash blocks; give a page that has them");
        return new ImportException(why);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static int firstNumber(String text) {
        var m = java.util.regex.Pattern.compile("\\d+").matcher(text);
        return m.find() ? Integer.parseInt(m.group()) : 0;
    }
}
