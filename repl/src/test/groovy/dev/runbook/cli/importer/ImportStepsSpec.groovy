package dev.runbook.cli.importer

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.cli.importer.ImportPages.*

/**
 * How a page's procedures and bash blocks become runbooks and steps: one runbook per procedure, a step per block
 * or per {@code # Step N:} comment, scripts kept whole with {@code set -e} made explicit, {@code cd} as {@code dir:},
 * curl checks of /health as {@code gate health}.
 */
class ImportStepsSpec extends Specification {
    @TempDir
    Path dir

    def "a block is split at its '# Step N:' comments, each comment naming its step"() {
        when:
        importText(dir, '''\
            # Restore the database

            ```bash
            # Step 1: Stop the writers
            docker compose stop api

            # Step 2: Restore the dump
            pg_restore -d app backup.dump
            # Step 3) Start again
            docker compose start api
            ```
            '''.stripIndent())
        def rb = compile(dir.resolve('out/restore-the-database.groovy'))

        then:
        rb.steps()*.name() == ['Stop the writers', 'Restore the dump', 'Start again']
        rb.steps()*.body()*.commands() == [["sh 'docker compose stop api'"], ["sh 'pg_restore -d app backup.dump'"],
                                           ["sh 'docker compose start api'"]]
    }

    def "headings named Step 1, Step 2 under the page's title are the steps of one runbook"() {
        when:
        importText(dir, '''\
            # Restore the database

            ## Step 1: Stop the writers
            ```bash
            docker compose stop api
            ```

            ## Step 2: Restore the dump
            ```bash
            pg_restore -d app backup.dump
            ```
            '''.stripIndent())

        then:
        runbooks(dir.resolve('out'))*.fileName*.toString() == ['restore-the-database.groovy']
        compile(dir.resolve('out/restore-the-database.groovy')).steps()*.name() == ['Stop the writers', 'Restore the dump']
    }

    def "without step comments, a block is one step named from the nearest heading, or from the list item that holds it"() {
        when:
        importText(dir, '''\
            # Roll back

            ## Steps

            ### Check the release

            ```bash
            fly releases -a app
            ```

            1. **Roll back to the previous version** when it is broken:
               ```bash
               fly releases rollback v9 -a app
               ```
            2. Tell the team in #incidents
            '''.stripIndent())
        def rb = compile(dir.resolve('out/roll-back.groovy'))

        then: 'the numbered item without a command is a manual step between them'
        rb.nodes()*.name() == ['Check the release', 'Roll back to the previous version', 'Tell the team in #incidents']
        rb.nodes()*.kind() == ['step', 'step', 'manual']
    }

    def "a block with control flow is kept whole as one script, with set -eu added and a comment saying so"() {
        when:
        importText(dir, '''\
            # Deploy

            ```bash
            if ! curl -fsS http://127.0.0.1/ready; then
              echo "not ready"
              exit 1
            fi
            ./deploy.sh
            ```
            '''.stripIndent())
        def file = dir.resolve('out/deploy.groovy')
        def step = compile(file).steps()[0]

        then:
        step.body().commands().size() == 1
        Files.readString(file).contains('''\
            sh \'\'\'\\
            set -eu  # added by runbook import: stop at the first command that fails and at an unset variable
            if ! curl -fsS http://127.0.0.1/ready; then
              echo "not ready"
              exit 1
            fi
            ./deploy.sh
            \'\'\''''.stripIndent())
        Files.readString(file).contains('kept whole because it has if')
    }

    def "a script with its own set -e keeps it and gets no second one"() {
        when:
        importText(dir, '''\
            # Quick rollback

            ```bash
            #!/bin/bash
            set -e
            for app in api web; do fly releases rollback -a "$app"; done
            ```
            '''.stripIndent())
        def text = Files.readString(dir.resolve('out/quick-rollback.groovy'))

        then:
        !text.contains('set -eu')
        text.contains('its own set -e is kept')
        text.contains('#!/bin/bash\nset -e\nfor app in api web; do fly releases rollback -a "$app"; done\n')
    }

    def "standalone commands are one sh each: the first that fails stops the step, as set -e would"() {
        given:
        importText(dir, '''\
            # Check

            ```bash
            echo first >> "$OUT_DIR/ran.txt"
            false
            echo never >> "$OUT_DIR/ran.txt"
            ```
            '''.stripIndent())
        def out = Files.createDirectories(dir.resolve('work'))

        when:
        def run = dev.runbook.cli.CliRun.of([env: [OUT_DIR: out.toString()]], 'exec', dir.resolve('out/check.groovy').toString(),
                '--journal', dir.resolve('runs').toString())

        then:
        run.exitCode == 1
        Files.readAllLines(out.resolve('ran.txt')) == ['first']
    }

    def "a cd becomes the dir: of the commands after it, in this block and the next ones"() {
        when:
        importText(dir, '''\
            # Ops

            ## Restart
            ### Go there
            ```bash
            cd /opt/app
            docker compose ps
            ```
            ### Restart it
            ```bash
            cd deploy
            docker compose restart api
            ```
            '''.stripIndent())
        def rb = compile(dir.resolve('out/ops.groovy'))

        then:
        rb.steps()*.body()*.commands() == [["sh 'docker compose ps', dir: '/opt/app'"], ["sh 'docker compose restart api', dir: '/opt/app/deploy'"]]
    }

    def "curl checks of /health become the runbook's health check and one gate where they were"() {
        when:
        importText(dir, '''\
            # Roll back

            ```bash
            fly releases rollback v9 -a api

            # Check health endpoints
            curl https://api.example.com/health
            curl -f https://admin.example.com/health

            fly status -a api
            ```
            '''.stripIndent())
        def file = dir.resolve('out/roll-back.groovy')
        def rb = compile(file)

        then:
        rb.nodes()*.name() == ['Roll back', 'gate health', 'Roll back (after the health check)']
        rb.health().commands() == ["http('https://api.example.com/health', expect: 200..299)", "http('https://admin.example.com/health', expect: 200..299)"]
        plan(file).contains("3. Roll back (after the health check)")
        plan(file).contains("2. gate health")
    }

    def "sections named as alternatives (Option 1, Option 2) are runbooks of their own; numbered sub-sections are steps of one"() {
        when:
        importText(dir, '''\
            # Rollback procedures

            ## Option 1: Fly.io
            ### 1.1 Find the release
            ```bash
            fly releases -a api
            ```
            ### 1.2 Roll back
            ```bash
            fly releases rollback v9 -a api
            ```

            ## Option 2: Database
            ```bash
            supabase db restore 42
            ```
            '''.stripIndent())
        def out = dir.resolve('out')

        then:
        runbooks(out)*.fileName*.toString() == ['option-1-fly-io.groovy', 'option-2-database.groovy']
        compile(out.resolve('option-1-fly-io.groovy')).steps()*.name() == ['Find the release', 'Roll back']
        compile(out.resolve('option-1-fly-io.groovy')).title() == 'Option 1: Fly.io'
    }

    def "the same heading twice gives two runbooks with unique names, and a step done 'If …' is marked for review"() {
        when:
        importText(dir, '''\
            # Ops

            ## Restart
            ```bash
            systemctl restart api
            ```

            ## Restart
            ### If it still fails
            ```bash
            reboot
            ```
            '''.stripIndent())
        def out = dir.resolve('out')

        then:
        runbooks(out)*.fileName*.toString() == ['restart.groovy', 'restart-2.groovy']
        Files.readString(out.resolve('restart-2.groovy')).contains(
                '// REVIEW (runbook import): the page does this only "If it still fails"; the runbook always does')
    }

    def "comments of a block without commands are for the operator: a manual item"() {
        when:
        importText(dir, '''\
            # Switch traffic

            ```bash
            kubectl apply -f new.yaml
            ```

            ```bash
            # Update the DNS record to the new load balancer
            # Or update the reverse proxy
            ```
            '''.stripIndent())
        def rb = compile(dir.resolve('out/switch-traffic.groovy'))

        then:
        rb.nodes()*.kind() == ['step', 'manual']
        rb.nodes()[1].text() == 'Update the DNS record to the new load balancer; Or update the reverse proxy'
    }
}
