package dev.runbook.term;

import dev.runbook.compile.TeamFiles;
import dev.runbook.journal.RunStore;
import dev.runbook.journal.RunStores;
import dev.runbook.model.Team;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --journal DIR|URL}: where runs are kept. Given, it wins; else the team file's {@code journal} setting; else
 * the folder {@code .runbook/runs}. A URL ({@code jdbc:postgresql://…}) opens a shared store through its provider.
 */
public final class Journals {
    private Journals() {}

    /** For commands that run a runbook: the team that governs it is already loaded. */
    public static RunStore open(Io io, String journal, Team team) {
        String location = journal != null ? journal : team.journal();
        return RunStores.open(location, io.env(), Journals.class.getClassLoader());
    }

    /**
     * For commands that name a run ({@code runs}, {@code show}, {@code approve}, {@code resume}, {@code report}): the
     * team file of the working directory counts only when it exists, so that listing runs does not compile one.
     */
    public static RunStore open(Io io, String journal) {
        if (journal != null) return open(io, journal, Team.defaults());
        Optional<Path> teamFile = TeamFiles.find(Path.of("").toAbsolutePath().resolve("runbook"), Path.of(""));
        Team team = teamFile.map(f -> Compilers.of(io).compileTeam(Path.of("").toAbsolutePath().relativize(f.toAbsolutePath())))
                .orElse(Team.defaults());
        return open(io, null, team);
    }
}
