package dev.runbook.testing

import dev.runbook.journal.Event
import dev.runbook.journal.EventTypes
import dev.runbook.journal.JournalReader
import groovy.transform.CompileStatic
import groovy.transform.Immutable

import java.nio.file.Files
import java.nio.file.Path

/**
 * The handlers a run ran, read from its journal, with those of the runbooks it included (each include's sub-run
 * has its own journal under the run's {@code includes/} folder): listed where the include ran, named with it.
 */
@CompileStatic
final class HandlerRuns {
    @Immutable
    static class HandlerRun {
        /** {@code onFailure of 'Restore'}, {@code onFailure}, {@code always}, {@code onFailure in 'Triage'} */
        String label
        /** ok, failed; running when the journal has no end for it (the run was killed) */
        String status
    }

    private HandlerRuns() {}

    static List<HandlerRun> of(List<Event> journal, Path runDir) {
        of(journal, runDir, '')
    }

    private static List<HandlerRun> of(List<Event> journal, Path runDir, String suffix) {
        List<HandlerRun> runs = []
        Map<String, String> ends = [:]
        journal.findAll { it.type() == EventTypes.HANDLER_FINISHED }.each { ends[key(it)] = String.valueOf(it.data().status) }
        for (Event e : journal) {
            if (e.type() == EventTypes.HANDLER_STARTED) {
                Map d = e.data()
                String label = (d.step ? "onFailure of '${d.step}'" : String.valueOf(d.handler)) + suffix
                runs << new HandlerRun(label, ends[key(e)] ?: 'running')
            } else if (e.type() == EventTypes.INCLUDE_STARTED && e.data().run != null) {
                Path sub = e.data().dir ? runDir.resolve(String.valueOf(e.data().dir)) : runDir.resolve('includes').resolve(String.valueOf(e.data().run))
                if (Files.isDirectory(sub)) runs.addAll(of(JournalReader.read(sub), sub, " in '${e.data().step}'" + suffix))
            }
        }
        runs
    }

    private static String key(Event e) { "${e.data().handler}/${e.data().step}".toString() }
}
