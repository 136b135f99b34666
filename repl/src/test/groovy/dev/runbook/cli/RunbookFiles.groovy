package dev.runbook.cli

import java.nio.file.Path

/** Writes runbook files for a spec into its temporary folder. */
class RunbookFiles {
    /** Writes {@code text} (indentation of the literal stripped) to {@code dir/name}; returns the path as a string. */
    static String write(Path dir, String name, String text) {
        def f = dir.resolve(name)
        f.parent.toFile().mkdirs()
        f.toFile().text = text.stripIndent()
        f.toString()
    }
}
