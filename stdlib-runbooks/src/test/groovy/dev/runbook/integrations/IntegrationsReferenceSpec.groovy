package dev.runbook.integrations

import dev.runbook.integrations.testing.DockerTestContext
import dev.runbook.integrations.testing.IntegrationApi
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * docs/integrations.md's reference lists every call a runbook can make on each integration, with its named options,
 * and every result's fields, so that users do not read the source or {@code toString()} to find {@code .file} or
 * {@code .rolledBack} (issue 19). This spec reads the public API from the code ({@link IntegrationApi}) and fails
 * when the reference misses or misnames any of it, saying which line to add or fix.
 */
class IntegrationsReferenceSpec extends Specification {
    static final Path DOC = Path.of('../docs/integrations.md')

    @Shared IntegrationApi api = new IntegrationApi(new DockerTestContext([DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: '/nonexistent'], true))
    @Shared List<String> reference = referencePart()

    private static List<String> referencePart() {
        def lines = Files.readAllLines(DOC)
        int start = lines.indexOf('## Reference')
        start < 0 ? [] : lines.subList(start, lines.size())
    }

    /** The lines of the "### …" section whose heading names {@code name} in backticks, up to the next heading. */
    private List<String> section(String name) {
        int at = reference.findIndexOf { it.startsWith('### ') && (it.contains("`$name`") || it == "### $name") }
        if (at < 0) return null
        int end = reference.findIndexOf(at + 1) { it.startsWith('#') }
        reference.subList(at + 1, end < 0 ? reference.size() : end)
    }

    private static List<String> cells(String row) {
        row.split(/(?<!\\)\|/).drop(1)*.trim()
    }

    /** The backticked words of a cell: {@code `all:` (false), `name:`} → [all:, name:]. */
    private static List<String> ticked(String cell) {
        (cell =~ /`([^`]+)`/).collect { it[1] }
    }

    private static String callRow(String call, List<String> options, String reachedAs) {
        "| `${call}(…)` | ${options ? options.collect { "`$it:`" }.join(' ') : '—'} | … |"
    }

    def "the reference has a section for each integration and handle, naming how a runbook reaches it"() {
        expect:
        api.apis.values().findAll { section(it.type.simpleName) == null }.collect {
            "docs/integrations.md: add under '## Reference': ### `${it.reachedAs}` (`${it.type.simpleName}`)"
        } == []
    }

    def "every call is in the reference with exactly the named options it takes"() {
        given:
        List<String> problems = []

        when:
        api.apis.values().each { a ->
            def lines = section(a.type.simpleName)
            if (lines == null) return
            a.calls.each { call, options ->
                def row = lines.find { it.startsWith("| `${call}(") }
                if (row == null) {
                    problems << "docs/integrations.md, section `${a.type.simpleName}`: add the row ${callRow(call, options, a.reachedAs)}"
                    return
                }
                def documented = ticked(cells(row)[1]).findAll { it.endsWith(':') }*.replaceFirst(/:$/, '')
                if (documented.toSet() != options.toSet()) {
                    problems << "docs/integrations.md, section `${a.type.simpleName}`, row `${call}(`: the options are " +
                            (options ? options.collect { "`$it:`" }.join(' ') : 'none') + ", the row says " +
                            (documented ? documented.collect { "`$it:`" }.join(' ') : 'none')
                }
            }
            a.properties.each { p ->
                if (!lines.any { it.startsWith("| `${p}` |") }) {
                    problems << "docs/integrations.md, section `${a.type.simpleName}`: add the row | `${p}` | — | … |"
                }
            }
            def known = a.calls.keySet() + a.properties
            lines.findAll { it.startsWith('| `') }.each { row ->
                def name = (row =~ /^\| `([A-Za-z]+)/)[0][1]
                if (!known.contains(name)) problems << "docs/integrations.md, section `${a.type.simpleName}`: `${name}` is not a call of ${a.type.simpleName} (misnamed, or gone?)"
            }
        }

        then:
        problems == []
    }

    def "the options of every call could be read from the code"() {
        expect:
        api.apis.values().collectMany { a -> a.unreadable.collect { call, why -> "${a.type.simpleName}.${call}: $why".toString() } } == []
    }

    def "every result is in the reference with exactly its fields"() {
        given:
        def lines = section('Results') ?: []
        List<String> problems = []

        when:
        api.results.each { type, members ->
            def row = lines.find { it.startsWith("| `${type.simpleName}` |") }
            if (row == null) {
                problems << "docs/integrations.md, section ### Results: add the row | `${type.simpleName}` | ${members.collect { "`$it`" }.join(' ')} |"
                return
            }
            def documented = ticked(cells(row)[1])
            if (documented.toSet() != members.toSet()) {
                problems << "docs/integrations.md, section ### Results, row `${type.simpleName}`: its fields are " +
                        members.collect { "`$it`" }.join(' ') + ", the row says " + documented.collect { "`$it`" }.join(' ')
            }
        }

        then:
        problems == []
    }
}
