package dev.runbook.cli.importer

import dev.runbook.cli.CliRun
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.cli.importer.ImportPages.*

/**
 * The three real pages (StateFlow, an AI SaaS app, HotDash) import into runbooks that pass {@code runbook check},
 * whose plans list every command of every bash block in the page's order, whose specs pass, and which IMPORT.md
 * maps back to the page.
 */
class ImportSeedsSpec extends Specification {
    @TempDir
    Path dir

    static final Map<String, List<String>> RUNBOOKS = [
            'stateflow-rollback.md': ['container-level-rollback', 'application-version-rollback', 'database-rollback-point-in-time-recovery',
                                      'complete-infrastructure-rollback', 'automated-rollback-script', 'appendix-useful-commands'],
            'ai-saas-rollback.md'  : ['pre-rollback-checklist', 'option-a-rollback-ci-cd-deployment', 'option-b-rollback-docker-compose-deployment',
                                      'option-c-rollback-kubernetes-deployment', 'scenario-1-migration-failed-partially',
                                      'scenario-2-migration-succeeded-but-application-broken', 'scenario-3-data-corruption-detected',
                                      'post-rollback-verification'],
            'hotdash-rollback.md'  : ['pre-rollback-checklist', 'option-1-application-rollback-fly-io', 'option-2-database-rollback-supabase',
                                      'option-3-full-system-rollback', 'option-4-emergency-maintenance-mode', 'testing-rollback-procedures',
                                      'rollback-scripts', 'issue-rollback-fails', 'issue-database-won-t-rollback', 'issue-can-t-access-fly-io']]

    @Unroll
    def "#page: one runbook per procedure, named from its heading, each passing runbook check"() {
        when:
        def run = importText(dir, seed(page), page)
        def check = CliRun.of('check', dir.resolve('out').toString())

        then:
        run.exitCode == 0
        run.err.isEmpty()
        runbooks(dir.resolve('out'))*.fileName*.toString() == RUNBOOKS[page].collect { "${it}.groovy".toString() }
        check.exitCode == 0
        check.out.readLines().size() == RUNBOOKS[page].size()
        check.out.readLines().every { it.startsWith('ok  ') }

        where:
        page << RUNBOOKS.keySet()
    }

    @Unroll
    def "#page: the plans list every command of every bash block in the page's order"() {
        given:
        def text = seed(page)
        importText(dir, text, page)
        def files = runbooks(dir.resolve('out'))
        def plans = asWritten(files.collect { plan(it) }.join('\n'))

        when: 'each line of code of the page is looked for after the one before it'
        int at = 0
        List<String> missing = []
        for (Map code in bashCode(text)) {
            String line = code.text.replaceAll(/\s+/, ' ')
            def assignment = line =~ /^(export )?([A-Z_][A-Z0-9_]*)=/
            def cd = line =~ /^cd (\S+)$/
            def health = line =~ /^curl (-\S+ )*(https?:[^\s\$]+\/health)( \|\| echo .*)?$/
            if (assignment) {
                // a value to choose: a param or a secret of the runbook, listed above its steps
                if (!plans.contains(assignment[0][2])) missing << "${code.line}: ${line}"
            } else if (cd) {
                // the folder of the commands after it (dir:)
                if (!plans.contains("dir: '${cd[0][1]}'")) missing << "${code.line}: ${line}"
            } else {
                String want = health ? "http('${health[0][2]}'" : line
                String alt = health ? "http '${health[0][2]}'" : line
                int i = [plans.indexOf(want, at), plans.indexOf(alt, at)].findAll { it >= 0 }.min() ?: -1
                if (i < 0) missing << "${code.line}: ${line}"
                else at = i + 1
            }
        }

        then:
        bashCode(text).size() > 40
        missing == []

        where:
        page << RUNBOOKS.keySet()
    }

    @Unroll
    def "#page: the specs written beside the runbooks pass (plan in the page's order, and a run of exactly the page's commands)"() {
        given:
        importText(dir, seed(page), page)

        when:
        def test = CliRun.of('test', dir.resolve('out').toString())

        then:
        test.exitCode == 0
        test.out.contains("${RUNBOOKS[page].size()} specs, ${RUNBOOKS[page].size() * 2} features: ${RUNBOOKS[page].size() * 2} passed, 0 failed")

        where:
        page << RUNBOOKS.keySet()
    }

    def "IMPORT.md maps page lines to runbook lines, and each point to review to its REVIEW comment"() {
        given:
        importText(dir, seed('hotdash-rollback.md'), 'hotdash-rollback.md')
        def out = dir.resolve('out')
        def report = Files.readString(out.resolve('IMPORT.md'))

        expect: 'the runbook for "Option 2" starts at the line the table says'
        report.contains('| 143–201 | runbook option-2-database-rollback-supabase | option-2-database-rollback-supabase.groovy:5 |')
        Files.readAllLines(out.resolve('option-2-database-rollback-supabase.groovy'))[4] == "runbook('option-2-database-rollback-supabase') {"

        and: 'the step made from the block at lines 158-164 (code 159-163) is at the line named'
        def step = (report =~ /\| 159–163 \| step 'Identify Problem Migration' \| option-2-database-rollback-supabase.groovy:(\d+) \|/)
        Files.readAllLines(out.resolve('option-2-database-rollback-supabase.groovy'))[(step[0][1] as int) - 1] == "    step('Identify Problem Migration') {"

        and: 'every point under "Needs your judgement" names a line holding its REVIEW comment'
        def section = report.substring(report.indexOf('## Needs your judgement'), report.indexOf('## Not imported'))
        def reviews = section.readLines().findAll { it.startsWith('- ') }
        reviews.size() > 10
        reviews.every { r ->
            def m = (r =~ /^- ([\w.-]+\.groovy):(\d+) \(page line \d+\): (.*)$/)
            m && Files.readAllLines(out.resolve(m[0][1]))[(m[0][2] as int) - 1].contains('// REVIEW (runbook import): ')
        }
        reviews.any { it.startsWith('- option-2-database-rollback-supabase.groovy:18 (page line 152): an approval read from prose: one manager') }
    }
}
