package dev.runbook.cli;

import dev.runbook.journal.Event;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunStore;
import dev.runbook.report.HtmlReport;
import dev.runbook.report.MarkdownReport;
import dev.runbook.report.Timeline;
import dev.runbook.term.RunLookup;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.JournalIntegrity;
import dev.runbook.term.Journals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code runbook report RUN}: the incident report of a run, in markdown or as one self-contained HTML file. */
@Command(name = "report", description = "Write a run's incident report (markdown, or self-contained HTML with a timeline chart).",
        mixinStandardHelpOptions = true)
public final class ReportCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id (or a unique start of it)")
    String run;

    @Option(names = "--format", paramLabel = "md|html", description = "md (default, or from the -o file's extension) or html")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write it here (default: print it)")
    Path output;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    public ReportCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : output != null && output.toString().toLowerCase(Locale.ROOT).matches(".*\\.html?") ? "html" : "md";
        if (!f.equals("md") && !f.equals("html")) {
            io.err().println("runbook: --format " + format + " is not md or html");
            return ExitCodes.BAD_INPUT;
        }
        String text;
        Timeline t;
        boolean altered;
        try (RunStore store = Journals.open(io, journal)) {
            Optional<String> id = RunLookup.find(io, store, run);
            if (id.isEmpty()) return ExitCodes.BAD_INPUT;
            JournalReader.Contents contents = store.readTimeline(id.get());
            if (contents.tornLine() != null) io.err().println("runbook: warning: " + contents.tornLine());
            JournalIntegrity.warn(io.err(), id.get(), contents);
            altered = JournalIntegrity.altered(contents);
            // an altered journal: the report states as fact only what the chain vouches for
            Optional<Timeline> timeline = RunLookup.timeline(io, store, id.get(), JournalIntegrity.verified(contents), "report on");
            if (timeline.isEmpty()) return ExitCodes.ENVIRONMENT;
            t = timeline.get();
            Path dir = store.runDir(id.get()); // the artifacts, on the machine that ran the steps
            text = f.equals("html") ? HtmlReport.render(t, dir, output, ReportSecrets.embedding(contents.events(), io.env()))
                    : MarkdownReport.render(t, dir, output);
            if (altered) text = f.equals("html") ? alteredHtml(text, contents) : alteredMarkdown(text, contents);
        }
        if (output == null) {
            io.out().print(text);
        } else {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(output, text);
            io.out().println("Incident report of run " + t.runId() + " written to " + output);
        }
        return altered ? ExitCodes.ENVIRONMENT : ExitCodes.OK;
    }

    /** The warning first, then the report of the verified events, then what the journal now reads after them. */
    private static String alteredMarkdown(String report, JournalReader.Contents contents) {
        StringBuilder md = new StringBuilder("> **⚠ ").append(contents.integrity().message())
                .append(".** This report is built from the events before it; what the journal reads from there on is listed, ")
                .append("unverified, at the end.\n\n").append(report).append("\n## Unverified events\n\n");
        for (Event e : JournalIntegrity.unverified(contents)) {
            md.append("- ").append(JournalIntegrity.describe(e).replace("|", "\\|")).append(" _(unverified)_\n");
        }
        return md.toString();
    }

    private static String alteredHtml(String report, JournalReader.Contents contents) {
        StringBuilder warning = new StringBuilder("<p class=\"altered\"><strong>⚠ ").append(HtmlReport.esc(contents.integrity().message()))
                .append(".</strong> This report is built from the events before it; what the journal reads from there on is listed, ")
                .append("unverified, at the end.</p>\n");
        StringBuilder tail = new StringBuilder("<h2>Unverified events</h2>\n<ul>\n");
        for (Event e : JournalIntegrity.unverified(contents)) {
            tail.append("<li>").append(HtmlReport.esc(JournalIntegrity.describe(e))).append(" <em>(unverified)</em></li>\n");
        }
        tail.append("</ul>\n");
        int body = report.indexOf("<body>\n") + "<body>\n".length();
        int end = report.lastIndexOf("</body>");
        return report.substring(0, body) + warning + report.substring(body, end) + tail + report.substring(end);
    }
}
