package dev.runbook.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A runbook file as the REPL loaded it: its text, and its modification time and size, so that the prompt can tell an
 * edit cheaply (the text is read again only when the stamp moved: an editor that saves without a change is no edit).
 */
final class LoadedFile {
    static final LoadedFile NONE = new LoadedFile(null, null, -1);

    private final String text;
    private FileTime modified;
    private long size;

    private LoadedFile(String text, FileTime modified, long size) {
        this.text = text;
        this.modified = modified;
        this.size = size;
    }

    static LoadedFile of(Path file) {
        try {
            return new LoadedFile(Files.readString(file), Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException | RuntimeException e) {
            return NONE; // compiled from a file that went away since: nothing to compare with
        }
    }

    String text() { return text; }

    /** The file's text differs from the one loaded (a file that went away is no change to take in). */
    boolean changed(Path file) {
        if (text == null) return false;
        try {
            FileTime m = Files.getLastModifiedTime(file);
            long s = Files.size(file);
            if (m.equals(modified) && s == size) return false;
            if (!Files.readString(file).equals(text)) return true;
            modified = m; // saved without a change
            size = s;
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
