package dev.runbook.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;

import java.util.Set;

/**
 * Splits the lines typed at the prompt. A command line is split into words by JLine's {@link DefaultParser}; for Tab
 * in a Groovy line the word is the Groovy expression before the cursor ({@link GroovyCompletion#wordAt}: {@code
 * steps["ga}, {@code r.st}), whose candidates go in as they are, not shell-escaped.
 * <p>
 * Unclosed braces, brackets, parentheses and quotes continue on the next line, but nothing may trap the operator
 * there: a closing bracket that nothing opens ends the line at once (Groovy then says what is wrong with it), and
 * two empty lines in a row give up on an unfinished one (Ctrl-C drops it too).
 */
final class ReplParser implements Parser {
    /** What JLine's parser says of a closer without an opener (the text is its own; it has no type of its own). */
    private static final String STRAY_CLOSER = "Missing opening bracket";

    private final DefaultParser words = new DefaultParser();
    private final Set<String> commands;

    ReplParser(Set<String> commands) {
        this.commands = commands;
        words.setEofOnUnclosedBracket(DefaultParser.Bracket.CURLY, DefaultParser.Bracket.ROUND, DefaultParser.Bracket.SQUARE);
        words.setEofOnUnclosedQuote(true);
        words.setEofOnEscapedNewLine(true);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
        if (context == ParseContext.COMPLETE && !LineKind.isCommand(line, commands)) return GroovyCompletion.wordAt(line, cursor);
        try {
            return words.parse(line, cursor, context);
        } catch (EOFError e) {
            if (context != ParseContext.ACCEPT_LINE) throw e;
            if (STRAY_CLOSER.equals(e.getMessage()) || line.endsWith("\n\n")) {
                return words.parse(line, cursor, ParseContext.SPLIT_LINE);
            }
            throw e;
        }
    }
}
