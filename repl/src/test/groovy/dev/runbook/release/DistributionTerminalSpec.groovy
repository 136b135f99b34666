package dev.runbook.release

import dev.runbook.repl.Tmux
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The release's REPL on a real terminal (a tmux pane) takes JLine's native library from the release's lib/native,
 * where the launcher points JLine: without it, jline-native copies the library into the temp folder at every start
 * (and cannot load it where that folder is mounted noexec, so the REPL falls back to forking stty). tmux:
 * .ci/install-tmux.sh.
 */
@Requires({ Tmux.installed() && os.linux && System.getProperty('os.arch') in ['amd64', 'aarch64'] })
class DistributionTerminalSpec extends Specification {
    @TempDir
    Path dir

    final Tmux terminal = new Tmux('rbdist')

    def cleanup() {
        terminal.kill()
    }

    def "the release's REPL maps JLine's library from lib/native and copies nothing into the temp folder"() {
        given: 'the release tarball, unpacked'
        assert ReleaseBuild.run(['tar', 'xzf', ReleaseBuild.tarball().toString(), '-C', dir.toString()], dir).exitCode == 0
        Path home = dir.resolve("runbook-${ReleaseBuild.VERSION}")
        String arch = System.getProperty('os.arch') == 'amd64' ? 'x86_64' : 'arm64'
        Path library = home.resolve("lib/native/org/jline/nativ/Linux/$arch/libjlinenative.so")
        Path tmp = Files.createDirectories(dir.resolve('tmp'))

        expect:
        Files.isRegularFile(library)

        when: 'its REPL in a terminal, with a temp folder of its own'
        String command = "JAVA_HOME='${System.getProperty('java.home')}' RUNBOOK_AOT=off RUNBOOK_JAVA_OPTS=-Djava.io.tmpdir=$tmp " +
                "'$home/bin/runbook' repl --journal runs --history hist; echo \"[exited \$?]\"; sleep 600"
        terminal.run('new-session', '-d', '-s', terminal.session, '-x', '200', '-y', '50', '-c', dir.toString(), command)
        terminal.waitFor('runbook > ', 120)
        ProcessHandle java = terminal.java()

        then: 'the JVM has the release’s copy of the library loaded; the temp folder has none'
        Files.readString(Path.of("/proc/${java.pid()}/maps")).contains(library.toRealPath().toString())
        Files.list(tmp).withCloseable { files -> files.noneMatch { it.fileName.toString().startsWith('jlinenative') } }

        when:
        terminal.keys('exit', 'Enter')

        then:
        terminal.waitFor('[exited 0]')
    }
}
