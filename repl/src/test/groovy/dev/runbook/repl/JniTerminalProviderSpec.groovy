package dev.runbook.repl

import org.jline.terminal.spi.SystemStream
import org.jline.terminal.spi.TerminalProvider
import spock.lang.Requires
import spock.lang.Specification

/**
 * The REPL's system terminal comes from JLine's JNI provider (ReplCommand.systemTerminal): without it JLine falls back
 * to forking test, tty and stty a dozen times before the first prompt, and nothing else would say so (the REPL works
 * the same, only slower to start). The provider is looked up by name, so a JLine upgrade that moves the file naming it
 * (as 3.30.16 did) fails here.
 */
@Requires({ os.linux })
class JniTerminalProviderSpec extends Specification {

    def "JLine's JNI provider loads by name, with its native library"() {
        when:
        TerminalProvider jni = TerminalProvider.load('jni')

        then:
        jni.name() == 'jni'

        when: 'a question that needs the native library: the specs run with stdin not a terminal'
        boolean stdinIsTerminal = jni.isSystemStream(SystemStream.Input)

        then:
        !stdinIsTerminal
        noExceptionThrown()
    }

    def "the REPL asks for the JNI provider first, and the exec provider stays there when it cannot be loaded"() {
        expect: 'both are on the class path the REPL runs with'
        TerminalProvider.load('jni').name() == 'jni'
        TerminalProvider.load('exec').name() == 'exec'
    }
}
