package dev.runbook.cli.importer;

/**
 * Why a page cannot be imported, as one line for a person: the page is at fault (exit code 2). A folder that cannot
 * be written is the command's to report (exit code 4).
 */
public final class ImportException extends Exception {
    public ImportException(String message) {
        super(message);
    }
}
