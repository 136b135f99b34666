package dev.runbook.integrations

import dev.runbook.engine.WouldBe
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * Issue 19, defect 10: every integration's result that can be a dry run's says so the same way, result.wouldBe, so
 * a runbook (and a dry run going on past it) reads one field whatever the integration. Found from the compiled
 * classes, so a new result record cannot be left out.
 */
class WouldBeResultsSpec extends Specification {
    def "every integration result record with a dryRun component answers result.wouldBe"() {
        given:
        Path root = Path.of('target/classes')
        List<Class<?>> records = Files.walk(root.resolve('dev/runbook/integrations')).withCloseable { s ->
            s.filter { it.toString().endsWith('.class') && !it.fileName.toString().contains('$') }
                    .collect { Class.forName(root.relativize(it).toString().replace('/', '.') - '.class') }
                    .findAll { it.isRecord() && it.recordComponents.any { c -> c.name == 'dryRun' && c.type == boolean } }
        }

        expect:
        records.size() >= 10
        records.findAll { !WouldBe.isAssignableFrom(it) }*.simpleName == []

        and: 'a would-be result reads as one in Groovy'
        def t = new dev.runbook.integrations.s3.S3Transfer('download', 'b', 'k/x.sql.gz', new File('/tmp/x.sql.gz'), 0, null, true)
        t.wouldBe
        !new dev.runbook.integrations.fly.FlyRollback('app', 3, 'img', false).wouldBe
    }
}
