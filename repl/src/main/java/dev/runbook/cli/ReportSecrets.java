package dev.runbook.cli;

import dev.runbook.engine.Redactor;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.report.Embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code runbook report --format html} may embed of a run's files. The run's secrets are named in its
 * {@code run.started} event (names only: the journal never holds a value); their values are taken from this
 * command's environment, with the credentials any environment carries. When a declared secret has no value here,
 * the files cannot be checked for it, so none is embedded and the report says which secret to set.
 */
final class ReportSecrets {
    private ReportSecrets() {}

    static Embedding embedding(List<Event> events, Map<String, String> environment) {
        List<String> declared = declaredSecrets(events);
        List<String> values = new ArrayList<>(Redactor.environmentCredentials(environment));
        List<String> missing = new ArrayList<>();
        for (String name : declared) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) missing.add(name);
            else values.add(value);
        }
        if (!missing.isEmpty()) {
            return Embedding.refused("the run declared secret" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + ", whose value this report cannot check the file for; set " + (missing.size() > 1 ? "them" : "it")
                    + " in the environment of runbook report to embed masked files, or open the run's folder");
        }
        Redactor redactor = new Redactor(values);
        return Embedding.masked(redactor::redact);
    }

    private static List<String> declaredSecrets(List<Event> events) {
        for (Event e : events) {
            if (!EventTypes.RUN_STARTED.equals(e.type())) continue;
            if (e.get("secrets") instanceof List<?> names) return names.stream().map(String::valueOf).toList();
            return List.of();
        }
        return List.of();
    }
}
