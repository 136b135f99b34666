package dev.runbook.repl

import dev.runbook.compile.RunbookCompiler
import dev.runbook.golden.GoldenFiles
import dev.runbook.golden.JournalNormaliser
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * The golden journal of a REPL session: what the operator typed, journaled as repl.command and repl.eval, mixed with
 * the events of the steps that this ran, event by event. It is there to check a change that should keep
 * behaviour (RunSession split into one class per node kind) against the journal written today. The dsl module's
 * GoldenJournalSpec pins the runs that no one drives by hand. JournalNormaliser and GoldenFiles (from the dsl
 * module's test sources) say what is normalised and how a difference is shown. {@code RUNBOOK_GOLDEN_UPDATE=1}
 * rewrites {@code src/test/resources/golden/repl-session.jsonl} from the code as it is.
 * <p>
 * The REPL runs as ReplSpec runs it: lines typed into an in-memory terminal, commands in bash, the system
 * clock. Each line runs to its end before the next is read, so the journal's order does not depend on timing.
 */
class GoldenJournalReplSpec extends Specification {
    static final Path RUNBOOK = Path.of('src/test/resources/golden/runbooks/repl-session.groovy').toAbsolutePath()

    final GoldenFiles golden = new GoldenFiles()

    @TempDir
    Path dir

    @AutoCleanup
    ReplHarness repl

    def "a REPL session: next, a failing step, set a param, retry, skip, a line of Groovy, approve, next, exit"() {
        given:
        repl = new ReplHarness(dir)

        when:
        repl.start().type("load ${RUNBOOK} -p version=v1.2.3",
                'next',                 // Capture evidence: ok
                'next',                 // Deploy: fails, v1.2.3 is the broken release
                'set version v1.2.4',
                'retry',                // Deploy again, with the new version: ok
                'skip',                 // Warm caches
                'params.version',       // a line of Groovy in the run's context (repl.eval)
                'approve alice lead',   // the next approval point takes alice's word (no team roster: her role as given)
                'next',                 // approval lead: granted
                'exit', 'y')            // leaving with the run in progress ends it as aborted: onFailure and always run

        then: 'the session went as typed, and ended as aborted'
        repl.waitFor('Run aborted')
        repl.end() == 3
        repl.shown.contains("'Deploy' did not complete")
        repl.shown.contains('=> v1.2.4')

        and:
        golden.check('repl-session', normaliser().lines(repl.events()))
    }

    /** This machine and moment: the temp folder the runs are in, the runbook's folder, the working directory, the hash. */
    private JournalNormaliser normaliser() {
        new JournalNormaliser()
                .replace(dir, '<tmp>')
                .replace(RUNBOOK.parent, '<runbook dir>')
                .replace(Path.of('').toAbsolutePath(), '<cwd>')
                .replace(new RunbookCompiler().compile(RUNBOOK).contentHash(), '<sha-256 of golden-repl>')
    }
}
