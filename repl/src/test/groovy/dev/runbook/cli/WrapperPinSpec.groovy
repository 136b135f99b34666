package dev.runbook.cli

import spock.lang.Specification

/** The pin runbook init writes, by what the running tool knows: runbookw's own pin, the place it was published, or none. */
class WrapperPinSpec extends Specification {
    static final String VERSION = ToolVersion.get()

    def "a release built with a base URL (scripts/release --base-url) pins its tarball there, by URL only: #base"() {
        expect:
        WrapperPin.ofRunningTool([:], Optional.of(base)).get() == new WrapperPin(url.replace('V', VERSION), null)

        where:
        base                                                               | url
        'https://dl.example.com/runbook'                                   | 'https://dl.example.com/runbook/runbook-V.tar.gz'
        'https://dl.example.com/runbook/'                                  | 'https://dl.example.com/runbook/runbook-V.tar.gz'
        'https://github.com/acme/runbook/releases/download/v{version}'     | 'https://github.com/acme/runbook/releases/download/vV/runbook-V.tar.gz'
        'file:///srv/releases'                                             | 'file:///srv/releases/runbook-V.tar.gz'
    }

    def "run through runbookw, init pins the wrapper's own release (URL and sum), whatever the build knows"() {
        given:
        def url = "https://mirror.example/runbook-${VERSION}.tar.gz".toString()
        def env = [RUNBOOKW_DISTRIBUTION_URL: url, RUNBOOKW_DISTRIBUTION_SHA256: 'cd' * 32]

        expect:
        WrapperPin.ofRunningTool(env, base).get() == new WrapperPin(url, 'cd' * 32)

        where:
        base << [Optional.empty(), Optional.of('https://dl.example.com/runbook')]
    }

    def "a build that knows no place and runs outside runbookw has no pin to give"() {
        expect:
        WrapperPin.ofRunningTool([:], Optional.empty()).isEmpty()
        // runbookw of another release: its pin is not this one's
        WrapperPin.ofRunningTool([RUNBOOKW_DISTRIBUTION_URL: 'https://mirror.example/runbook-0.0.1.tar.gz'], Optional.empty()).isEmpty()
    }

    def "the build's place: an unfiltered or empty property is no place"() {
        expect:
        ToolVersion.setAtBuild(value) == Optional.ofNullable(expected)

        where:
        value                          | expected
        ''                             | null
        '  '                           | null
        '${runbook.release.baseUrl}'   | null
        'https://dl.example.com/x'     | 'https://dl.example.com/x'
    }
}
