package dev.runbook.cli.importer;

/** Why a page cannot be imported, as one line for a person, and whether the page or the machine is at fault. */
public final class ImportException extends Exception {
    /** The page (or the command line) is wrong: exit code 2. The machine is: exit code 4. */
    public enum Kind { BAD_INPUT, ENVIRONMENT }

    private final Kind kind;

    public ImportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
