package dev.runbook.compile

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Compiling a runbook only records the definition: no step, handler or condition runs. */
class NoSideEffectsSpec extends Specification implements CompilesRunbooks {
    @TempDir
    Path dir

    def "step bodies, handlers and conditions that would create files do not run while compiling"() {
        given:
        def inBody = dir.resolve('body.txt')
        def inStepHandler = dir.resolve('step-handler.txt')
        def inCondition = dir.resolve('condition.txt')
        def inOnFailure = dir.resolve('on-failure.txt')
        def inAlways = dir.resolve('always.txt')
        def viaSh = dir.resolve('sh.txt')

        when:
        def rb = compile("""\
            runbook('x') {
                step('Write', when: { new File('${inCondition}').text = 'x'; true }) {
                    new File('${inBody}').text = 'x'
                    sh 'touch ${viaSh}'
                    onFailure { new File('${inStepHandler}').text = 'x' }
                }
                onFailure { new File('${inOnFailure}').text = 'x' }
                always { new File('${inAlways}').text = 'x' }
            }
            """)

        then:
        rb.steps()*.name() == ['Write']
        [inBody, inStepHandler, inCondition, inOnFailure, inAlways, viaSh].every { !Files.exists(it) }
        Files.list(dir).count() == 0
    }
}
