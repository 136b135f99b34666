package dev.runbook.model;

/** Where an element was written: shown as {@code file:line:col} in every message about it. */
public record SourcePos(String file, int line, int column) {
    public static final SourcePos UNKNOWN = new SourcePos("<unknown>", 0, 0);

    @Override
    public String toString() {
        if (line <= 0) return file;
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
