package dev.runbook.report;

import java.util.function.UnaryOperator;

/**
 * Whether a report may embed the text files a run left in its folder, and the mask applied to them first. A step's
 * file (a captured log, a config dump) can hold a secret the journal never saw: the HTML report embedded such files
 * as they were (a canary appeared four times). Embedded text is masked with the run's secrets; when the secrets'
 * values are not known where the report is written (a later {@code runbook report} without them in its
 * environment), nothing is embedded and the report says why.
 */
public record Embedding(UnaryOperator<String> mask, String notEmbeddedWhy) {
    /** Embed, masked. */
    public static Embedding masked(UnaryOperator<String> mask) {
        return new Embedding(mask, null);
    }

    /** Embed nothing, and say why. */
    public static Embedding refused(String why) {
        return new Embedding(UnaryOperator.identity(), why);
    }

    boolean allowed() {
        return notEmbeddedWhy == null;
    }
}
