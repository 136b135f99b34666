package dev.runbook.lang;

/** A script base class of the language (runbook files, team files): the compiler attaches the context first. */
public interface DslScript {
    void attach(DslContext context);
}
