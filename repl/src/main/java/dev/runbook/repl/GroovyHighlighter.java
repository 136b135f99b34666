package dev.runbook.repl;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours a line as it is typed: a REPL command in bold, and in Groovy keywords, strings, numbers and comments. Not
 * at all when the output has no colour ({@code NO_COLOR}, {@code TERM=dumb}, not a terminal): the typed line is
 * output too.
 */
final class GroovyHighlighter implements Highlighter {
    private static final Pattern TOKENS = Pattern.compile(
            "(?<comment>//.*)|(?<string>'''[\\s\\S]*?(?:'''|$)|\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'(?:\\\\.|[^'\\\\])*'?|\"(?:\\\\.|[^\"\\\\])*\"?)"
                    + "|(?<number>\\b\\d+(?:\\.\\d+)?\\b)"
                    + "|(?<keyword>\\b(?:def|var|if|else|for|while|in|return|new|true|false|null|try|catch|finally|throw|"
                    + "class|import|as|instanceof|switch|case|default|break|continue)\\b)");
    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD;

    private final Set<String> commands;
    private final boolean colour;

    GroovyHighlighter(Set<String> commands, boolean colour) {
        this.commands = commands;
        this.colour = colour;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (!colour) return new AttributedString(buffer);
        AttributedStringBuilder b = new AttributedStringBuilder();
        String first = LineKind.firstWord(buffer);
        if (LineKind.isCommand(buffer, commands)) {
            int start = buffer.indexOf(first);
            b.append(buffer.substring(0, start)).styled(COMMAND, first).append(buffer.substring(start + first.length()));
            return b.toAttributedString();
        }
        Matcher m = TOKENS.matcher(buffer);
        int at = 0;
        while (m.find()) {
            b.append(buffer.substring(at, m.start()));
            AttributedStyle style = m.group("comment") != null ? COMMENT : m.group("string") != null ? STRING
                    : m.group("number") != null ? NUMBER : KEYWORD;
            b.styled(style, m.group());
            at = m.end();
        }
        b.append(buffer.substring(at));
        return b.toAttributedString();
    }

    @Override public void setErrorPattern(Pattern errorPattern) { }
    @Override public void setErrorIndex(int errorIndex) { }
}
