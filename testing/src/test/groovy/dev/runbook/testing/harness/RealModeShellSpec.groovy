package dev.runbook.testing.harness

import dev.runbook.testing.RealParts
import dev.runbook.testing.RealPartsMode
import dev.runbook.testing.RunbookSpecification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * A runbook spec under real mode (the property runbook test --real sets): a marked feature's sh runs in bash, in
 * real time, and is still in the call log; its scripted answers are not used. An unmarked feature is skipped
 * before its setup runs, even when it expects an exception (the skip must not be caught by thrown()).
 */
class RealModeShellSpec extends RunbookSpecification {
    @TempDir
    Path dir

    def setupSpec() {
        System.setProperty(RealPartsMode.PROPERTY, 'true')
    }

    def cleanupSpec() {
        System.clearProperty(RealPartsMode.PROPERTY)
    }

    @RealParts([])
    def "sh runs for real: the file it writes is there, the scripted answer is not used, and ran sees the command"() {
        given:
        Path runbookFile = dir.resolve('touch.groovy')
        Files.writeString(runbookFile, '''
            runbook('touch') {
                param 'file', required: true
                step('Write') { sh "echo really-ran > '${params.file}' && echo wrote" }
            }'''.stripIndent())
        load runbookFile.toString()
        shell.on(~/echo/) { stdout 'scripted'; exit 3 }
        Path proof = dir.resolve('proof.txt')

        when:
        def result = run(file: proof.toString())

        then:
        result.succeeded
        Files.readString(proof).trim() == 'really-ran'
        ran ~/echo really-ran/
        clock.elapsed().isZero()
    }

    def "an unmarked feature is skipped under real mode before it runs, even one that expects an exception"() {
        when:
        throw new IllegalStateException('a feature body that runs under real mode fails here')

        then:
        thrown(IllegalArgumentException)
    }
}
