package dev.runbook.cli.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the page to import and refuses, in one line, what is not a markdown page: a file that cannot be read,
 * binary data, text that is not UTF-8, a shell script. Line endings become {@code \n} so that line numbers are
 * those an editor shows.
 */
final class PageFile {
    private PageFile() {}

    /** Pages are a few hundred lines; a file this large is not one, and would be read whole for nothing. */
    private static final long MAX_BYTES = 10L * 1024 * 1024;

    static String read(Path page) throws ImportException {
        byte[] bytes;
        try {
            if (Files.isDirectory(page)) throw bad(page + ": is a folder — give a markdown page (a .md file)");
            if (Files.size(page) > MAX_BYTES) throw bad(page + ": " + Files.size(page) / 1024 / 1024 + " MB is too large for a page — give a markdown page");
            bytes = Files.readAllBytes(page);
        } catch (NoSuchFileException e) {
            throw bad(page + ": no such file — give the path of a markdown page");
        } catch (AccessDeniedException e) {
            throw bad(page + ": cannot be read (permission denied)");
        } catch (IOException e) {
            throw bad(page + ": cannot be read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) throw bad(position(page, bytes, i) + ": binary data, not a markdown page — give a .md page");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad(page + ": not UTF-8 text, so not a page runbook import can read — save it as UTF-8");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (text.startsWith("#!")) {
            throw bad(page + ":1:1: a script (it starts with #!), not a markdown page — put it in a ```bash block of a page, or run it from a step");
        }
        return text;
    }

    /** {@code page:line:col} of byte {@code at}. */
    private static String position(Path page, byte[] bytes, int at) {
        int line = 1, col = 1;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return page + ":" + line + ":" + col;
    }

    private static ImportException bad(String message) {
        return new ImportException(message);
    }
}
