package dev.runbook.journal;

/** The journal cannot be written or read: exit code 4, since a run that cannot record what it did must stop. */
public class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
