package dev.runbook.integrations.testing

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * Stand-ins for platform CLIs (flyctl, wrangler, supabase) in a temp folder put first on PATH. Each stub records
 * its arguments (one call per line, arguments separated by tabs) and answers a subcommand with the output, error
 * text and exit code the spec gave it, so specs see the real formats without the platforms.
 */
class StubCli {
    final Path bin = Files.createTempDirectory('stub-cli')

    /** Installs {@code name}; {@code answers} maps a first argument to [out: '...', err: '...', exit: 0]. */
    StubCli install(String name, Map<String, Map> answers) {
        answers.each { sub, answer ->
            Files.writeString(bin.resolve("${name}.${sub}.out"), (answer.out ?: '') as String)
            Files.writeString(bin.resolve("${name}.${sub}.err"), (answer.err ?: '') as String)
            Files.writeString(bin.resolve("${name}.${sub}.exit"), String.valueOf(answer.exit ?: 0))
        }
        Path script = bin.resolve(name)
        Files.writeString(script, '''\
            #!/usr/bin/env bash
            here="$(dirname "$0")"; me="$(basename "$0")"
            (IFS=$'\\t'; printf '%s\\n' "$*") >> "$here/$me.calls"
            if [ ! -f "$here/$me.$1.exit" ]; then echo "Error: unknown command \\"$1\\" for \\"$me\\"" >&2; exit 1; fi
            cat "$here/$me.$1.out"; cat "$here/$me.$1.err" >&2
            exit "$(cat "$here/$me.$1.exit")"
            '''.stripIndent())
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString('rwxr-xr-x'))
        this
    }

    /** Each call's arguments, in order. */
    List<List<String>> calls(String name) {
        Path f = bin.resolve("${name}.calls")
        Files.exists(f) ? Files.readAllLines(f).collect { it.split('\t', -1) as List<String> } : []
    }

    /** An environment whose PATH finds the stubs first. */
    Map<String, String> env(Map<String, String> more = [:]) {
        [PATH: "${bin}:${System.getenv('PATH')}".toString()] + more
    }

    void delete() {
        bin.toFile().deleteDir()
    }
}
