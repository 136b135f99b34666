package dev.runbook.cli.importer

import dev.runbook.model.Approval
import dev.runbook.model.Manual
import dev.runbook.model.Severity
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.cli.importer.ImportPages.*

/**
 * What a page asks of people: checklist items become {@code manual} items, prose asking for an approval by role or
 * severity becomes {@code requireApproval}, and a destructive command with no approval before it gets one — each
 * approval marked for review.
 */
class ImportApprovalsSpec extends Specification {
    @TempDir
    Path dir

    def "checklist items become manual items in the page's order, around the steps"() {
        when:
        importText(dir, '''\
            # Version rollback

            ## Before
            - [ ] Identify the last good version
            - [x] Notify the team via Slack: "Starting rollback"

            ## Roll back
            ```bash
            git checkout v1.2.3
            ```

            ## After
            1. [ ] **Monitor** for 15 minutes
            2. [ ] **Test critical paths**
               - [ ] Load the dashboard
               - [ ] Process one payment
            '''.stripIndent())
        def rb = compile(dir.resolve('out/version-rollback.groovy'))

        then:
        rb.nodes()*.kind() == ['manual', 'manual', 'step', 'manual', 'manual', 'manual']
        rb.nodes().findAll { it instanceof Manual }*.text() == ['Identify the last good version', 'Notify the team via Slack: "Starting rollback"',
                                                               'Monitor for 15 minutes', 'Test critical paths: Load the dashboard',
                                                               'Test critical paths: Process one payment']
    }

    def "'requires manager approval' in a procedure's prose is an approval by role, before the steps after it, marked for review"() {
        when:
        importText(dir, '''\
            # Database rollback

            **Requires Manager Approval**: get explicit approval before proceeding.

            ```bash
            supabase db migration apply rollback.sql
            ```
            '''.stripIndent())
        def file = dir.resolve('out/database-rollback.groovy')
        def rb = compile(file)

        then:
        rb.nodes()*.kind() == ['approval', 'step']
        (rb.nodes()[0] as Approval).roles() == ['manager']
        (rb.nodes()[0] as Approval).reason() == 'Requires Manager Approval: get explicit approval before proceeding.'
        Files.readString(file).contains('// REVIEW (runbook import): an approval read from prose: one manager')
    }

    def "a page's rollback authority by severity (P1: team lead, P2+: manager) is one approval at the run's severity, in every runbook"() {
        when:
        importText(dir, '''\
            # Rollback

            ## Rollback Authority
            - **P0 (Critical)**: Any engineer can initiate rollback
            - **P1 (High)**: Team lead approval required
            - **P2+ (Medium/Low)**: Manager approval required

            ## Option 1: App
            ```bash
            fly releases rollback -a api
            ```

            ## Option 2: Database
            ```bash
            supabase db restore 42
            ```
            '''.stripIndent())
        def out = dir.resolve('out')

        then: 'P3: the rule of the run severity itself, since a more urgent run uses its own (P0 waives it)'
        runbooks(out).every { f ->
            def a = compile(f).nodes()[0]
            a instanceof Approval && a.level() == Severity.P3 && a.roles().isEmpty()
        }
        Files.readString(out.resolve('option-1-app.groovy')).contains('(the page names: lead, manager)')
    }

    def "prose about approvals that asks nobody is not an approval ('Process one approval', '/approvals page')"() {
        when:
        importText(dir, '''\
            # Smoke test

            Load the /approvals page and process one approval.

            ```bash
            npm run smoke
            ```
            '''.stripIndent())

        then:
        compile(dir.resolve('out/smoke-test.groovy')).nodes()*.kind() == ['step']
    }

    def "a destructive command without an approval before it gets one, before its step; one approval covers what follows"() {
        when:
        importText(dir, '''\
            # Ops

            ## Reset
            ### Look
            ```bash
            docker compose ps
            ```

            ### Nuclear option
            ```bash
            docker compose down -v
            docker system prune -f
            ```

            ### Drop
            ```bash
            psql -c "DROP DATABASE app;"
            ```
            '''.stripIndent())
        def file = dir.resolve('out/ops.groovy')
        def rb = compile(file)

        then:
        rb.nodes()*.name() == ['Look', 'approval P1', 'Nuclear option', 'Drop']
        (rb.nodes()[1] as Approval).reason() == 'destructive: deletes the volumes (down -v)'
        Files.readString(file).contains('// REVIEW (runbook import): added before a destructive command the page runs without an approval (page line 11): docker compose down -v')
    }

    def "an approval the page asks for before a destructive command is enough: none is added"() {
        when:
        importText(dir, '''\
            # Drop the old schema

            Requires DBA approval.

            ```bash
            psql -c "DROP SCHEMA old CASCADE;"
            ```
            '''.stripIndent())
        def rb = compile(dir.resolve('out/drop-the-old-schema.groovy'))

        then:
        rb.nodes()*.kind() == ['approval', 'step']
        (rb.nodes()[0] as Approval).roles() == ['dba']
    }
}
