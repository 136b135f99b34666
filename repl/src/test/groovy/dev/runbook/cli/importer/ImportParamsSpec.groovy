package dev.runbook.cli.importer

import dev.runbook.cli.CliRun
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.runbook.cli.importer.ImportPages.*

/**
 * Variables a page sets to a value a person chooses become params (with the page's value as default, or required),
 * passwords and database URLs become secrets, and every value reaches the page's bash as an environment variable:
 * data, never shell code. The page's text itself, whatever it holds, becomes Groovy that means exactly it.
 */
class ImportParamsSpec extends Specification {
    @TempDir
    Path dir

    static final String CONFIGURED = '''\
        # Restore VoxFlow's database

        ```bash
        #!/bin/bash
        # Configuration
        DATABASE_NAME="voxflow_prod"
        BACKUP_FILE=$1
        TARGET_HOST=""
        REGION=${2:-eu-west-1}
        export PGPASSWORD="hunter2"

        if [ ! -f "$BACKUP_FILE" ]; then echo "no backup $BACKUP_FILE"; exit 1; fi
        pg_restore -h "$TARGET_HOST" -d "$DATABASE_NAME" "$BACKUP_FILE"
        ```
        '''.stripIndent()

    def "configuration variables become params: the page's value as default, required when from an argument or empty"() {
        when:
        importText(dir, CONFIGURED)
        def rb = compile(dir.resolve('out/restore-voxflow-s-database.groovy'))

        then:
        rb.params().collect { [it.name(), it.required(), it.defaultValue()] } == [
                ['DATABASE_NAME', false, 'voxflow_prod'], ['BACKUP_FILE', true, null], ['TARGET_HOST', true, null], ['REGION', false, 'eu-west-1']]
        rb.secrets()*.name() == ['PGPASSWORD']
    }

    def "the script reads them from its environment: its assignments are commented out, the password is not copied"() {
        when:
        importText(dir, CONFIGURED)
        def text = Files.readString(dir.resolve('out/restore-voxflow-s-database.groovy'))

        then:
        text.contains('# DATABASE_NAME="voxflow_prod"  # runbook import: now the param DATABASE_NAME, given in the environment')
        text.contains('# BACKUP_FILE=$1  # runbook import: now the param BACKUP_FILE, given in the environment')
        text.contains("''', env: [BACKUP_FILE: params.BACKUP_FILE, TARGET_HOST: params.TARGET_HOST, DATABASE_NAME: params.DATABASE_NAME]")
        !text.contains('hunter2')
        text.contains("secret 'PGPASSWORD'")
    }

    def "a variable the commands read but the page never sets: a secret when it looks like one, else a point to review"() {
        when:
        importText(dir, '''\
            # Dump

            ```bash
            pg_dump "$DATABASE_URL" > dump.sql
            aws s3 cp dump.sql "s3://$BUCKET/"
            ```
            '''.stripIndent())
        def file = dir.resolve('out/dump.groovy')

        then:
        compile(file).secrets()*.name() == ['DATABASE_URL']
        Files.readString(file).contains('// REVIEW (runbook import): $BUCKET is never set on the page (line 5): the run takes it from its environment')
    }

    def "a param's value never runs as shell code: a real exec with 'x; touch FILE' writes the text and creates no file"() {
        given:
        def pwned = dir.resolve('pwned')
        def out = Files.createDirectories(dir.resolve('work'))
        importText(dir, '''\
            # Greet

            ```bash
            # Configuration
            GREETING="hello"
            OUT=""

            echo "$GREETING" > "$OUT/greeting.txt"
            echo $GREETING >> "$OUT/greeting.txt"
            ```
            '''.stripIndent())

        when:
        def run = CliRun.of('exec', dir.resolve('out/greet.groovy').toString(), '-p', "GREETING=x; touch ${pwned} \$(touch ${pwned})",
                '-p', "OUT=${out}", '--journal', dir.resolve('runs').toString())

        then:
        run.exitCode == 0
        Files.readAllLines(out.resolve('greeting.txt')) == ["x; touch ${pwned} \$(touch ${pwned})".toString()] * 2
        !Files.exists(pwned)
    }

    def "text Groovy would read as code or escapes (dollars, quotes in threes, backslashes, unicode escapes) reaches bash exactly as written"() {
        given: 'a page whose heading and commands hold what breaks a naive Groovy string (import-pages/nasty.md)'
        def page = seed('nasty.md')
        def out = Files.createDirectories(dir.resolve('work'))
        importText(dir, page)
        def file = runbooks(dir.resolve('out'))[0]
        def block = page.substring(page.indexOf('```bash\n') + 8, page.lastIndexOf('```')).readLines().drop(1).join('\n')

        when: 'the runbook runs for real, and then bash runs the same lines'
        def run = CliRun.of('exec', file.toString(), '-p', "OUT=${out}", '--journal', dir.resolve('runs').toString())
        def byRunbook = Files.readString(out.resolve('nasty.txt'))
        def bash = new ProcessBuilder('bash', '-c', block).tap { environment().put('OUT', out.toString()) }.start()
        bash.waitFor()

        then:
        run.exitCode == 0
        compile(file).title() == page.readLines()[0].substring(2)
        byRunbook == Files.readString(out.resolve('nasty.txt'))
        byRunbook.readLines()[0] == '${params.x}'
        byRunbook.readLines()[2] == "a \'\'\' b cd"
        byRunbook.readLines()[3] == 'back\\slash \\u0027 \\n'
        byRunbook.readLines()[5] == "ends with a quote'"
    }
}
