package dev.runbook.compile

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Param names for shell completion come from the syntax tree: the file is parsed, and none of it runs. */
class DeclaredParamsSpec extends Specification {
    @TempDir
    Path dir

    def "the names written in param declarations, in file order, with their options"() {
        expect:
        DeclaredParams.of('''\
            runbook('x') {
                param 'version', required: true, pattern: ~/v\\d+/
                param('healthUrl', default: 'http://127.0.0.1/health')
                param 'db'
                step('A') { log params.version }
            }
            '''.stripIndent(true)).get() == ['version', 'healthUrl', 'db']
    }

    def "nothing of the file runs: not its top-level code, its title, a compile-time annotation, nor System.exit"() {
        given:
        def canary = dir.resolve('ran.txt')
        def text = """\
            @groovy.transform.ASTTest(value = { new File('${canary}').text = 'compile time' })
            def x = new File('${canary}').text = 'top level'
            runbook('x') {
                title new File('${canary}').text = 'title'
                param 'version'
                System.exit(0)
            }
            """.stripIndent(true)

        when:
        def names = DeclaredParams.of(text)

        then: 'this JVM is still here, and no canary was written'
        names.get() == ['version']
        !Files.exists(canary)
    }

    def "a file that does not parse offers nothing; a name computed at run time is not offered"() {
        expect:
        DeclaredParams.of("runbook('x') { param 'version'\n").isEmpty()
        DeclaredParams.of('runbook(\'x\') { (1..2).each { param "p${it}" }; param \'plain\' }').get() == ['plain']
    }
}
