package dev.runbook.cli;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.diag.Problem;
import dev.runbook.diag.RunbookProblemsException;
import dev.runbook.model.Runbook;
import dev.runbook.model.Team;
import dev.runbook.term.Compilers;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "check", description = "Compile and lint runbooks; print file:line:col: message for each problem.",
        mixinStandardHelpOptions = true)
public final class CheckCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "runbook files (or team files), or folders to search for *.groovy runbooks and team files")
    List<Path> files;

    public CheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        RunbookCompiler compiler = Compilers.of(io);
        List<Problem> all = new ArrayList<>();
        int checked = 0;
        List<Path> expanded = expand(files);
        for (Path f : expanded) if (isTeamFile(f)) teamsSeen.add(f.toAbsolutePath().normalize());
        for (Path f : expanded) {
            checked++;
            try {
                if (isTeamFile(f)) {
                    Team team = compiler.compileTeam(f);
                    io.out().println("ok  " + f + "  (team, " + team.members().size() + (team.members().size() == 1 ? " member)" : " members)"));
                    continue;
                }
                Runbook rb = compiler.compile(f);
                // the team that governs it: an approval its roster can never give waited forever
                Team team = teamOf(f, compiler, all);
                if (team != null) dev.runbook.compile.ApprovalReach.check(rb, team);
                io.out().println("ok  " + f + "  (" + rb.name() + ", " + rb.nodes().size() + (rb.nodes().size() == 1 ? " step)" : " steps)"));
                warnRawParams(f, rb);
            } catch (RunbookProblemsException e) {
                all.addAll(e.problems());
            }
        }
        if (all.isEmpty()) return ExitCodes.OK;
        for (Problem p : all) io.err().println(p);
        io.err().println(all.size() + (all.size() == 1 ? " problem" : " problems") + " in " + checked + (checked == 1 ? " file" : " files"));
        return ExitCodes.BAD_INPUT;
    }

    /** Team files whose problems are reported already (checked themselves, or loaded for a runbook before). */
    private final java.util.Set<Path> teamsSeen = new java.util.HashSet<>();

    /** The team that governs {@code runbook}; null when its team file has problems (reported once, here or as a file checked). */
    private Team teamOf(Path runbook, RunbookCompiler compiler, List<Problem> all) {
        var file = dev.runbook.compile.TeamFiles.find(runbook, Path.of(""));
        if (file.isEmpty()) return Team.defaults();
        try {
            return compiler.compileTeam(file.get());
        } catch (RunbookProblemsException e) {
            if (teamsSeen.add(file.get().toAbsolutePath().normalize())) all.addAll(e.problems());
            return null;
        }
    }

    /**
     * {@code raw(params.x)} puts what a person typed into a command as shell text: that is only safe when the param
     * can hold nothing else than what its {@code pattern:} or {@code choices:} allow. A warning, not a problem: the
     * author may mean it (a param that is a command by design), and says so by constraining it.
     */
    private void warnRawParams(Path f, Runbook rb) throws IOException {
        for (var use : dev.runbook.compile.ShellSyntax.rawParams(Files.readString(f), rb.source())) {
            var param = rb.params().stream().filter(p -> p.name().equals(use.param())).findFirst().orElse(null);
            if (param != null && (param.pattern() != null || !param.choices().isEmpty())) continue;
            io.err().println(use.pos() + ": warning: raw(params." + use.param() + ") puts what a person types into the command "
                    + "as shell text, and '" + use.param() + "' has no pattern: or choices: — give it pattern: ~/[\\w .\\/-]+/ "
                    + "or choices: [...], or drop raw() so the value is quoted as data");
        }
    }

    /** {@code runbook.team.groovy} or {@code .runbook/team.groovy}: the approval policy beside runbooks. */
    static boolean isTeamFile(Path f) {
        Path name = f.getFileName();
        if (name == null) return false;
        if (name.toString().equals(TeamFiles.BESIDE)) return true;
        Path parent = f.getParent();
        return name.toString().equals("team.groovy") && parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals(".runbook");
    }

    private static List<Path> expand(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(x -> x.toString().endsWith(".groovy") && !x.getFileName().toString().endsWith("Spec.groovy"))
                            .filter(x -> !x.toString().contains("/target/") && !x.toString().contains("/src/test/"))
                            // .runbook/ holds each run's copy of its runbook, and the hidden team file (checked as a team file)
                            .filter(x -> !isUnder(p.relativize(x), ".runbook") || x.endsWith(TeamFiles.HIDDEN))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** runbook.team.groovy or .runbook/team.groovy: compiled as a team file, not as a runbook. */
    private static boolean isUnder(Path relative, String folder) {
        for (Path part : relative) if (part.toString().equals(folder)) return true;
        return false;
    }
}
