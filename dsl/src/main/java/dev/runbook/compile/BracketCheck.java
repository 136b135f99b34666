package dev.runbook.compile;

import groovyjarjarantlr4.v4.runtime.CharStreams;
import groovyjarjarantlr4.v4.runtime.Token;
import org.apache.groovy.parser.antlr4.GroovyLangLexer;
import org.apache.groovy.parser.antlr4.GroovyLexer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Finds the bracket that makes a file unparsable. Groovy's parser reports "Unexpected input" where it gave up,
 * often the last line; the author needs the bracket that is never closed or closes nothing. Uses Groovy's own
 * lexer, so brackets inside strings, GStrings and comments are not counted.
 */
final class BracketCheck {
    /** A bracket at a 1-based line and column, and what is wrong with it. */
    record Mismatch(int line, int column, String message, String hint) {}

    private BracketCheck() {}

    static Optional<Mismatch> find(String text) {
        GroovyLangLexer lexer = new GroovyLangLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        Deque<Token> open = new ArrayDeque<>();
        try {
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                String closer = closerOf(t.getType());
                if (closer != null) {
                    open.push(t);
                } else if (isCloser(t.getType())) {
                    if (open.isEmpty()) {
                        return Optional.of(at(t, "this " + t.getText() + " closes nothing",
                                "remove it, or add the " + openerOf(t.getText()) + " it belongs to"));
                    }
                    Token top = open.peek();
                    if (!closerOf(top.getType()).equals(t.getText())) {
                        return Optional.of(at(top, "this " + top.getText() + " is never closed",
                                "add the missing " + closerOf(top.getType()) + " before the " + t.getText()
                                        + " on line " + t.getLine()));
                    }
                    open.pop();
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // the lexer itself failed (e.g. an unclosed string): the parser's message stands
        }
        if (!open.isEmpty() && !open.peek().getText().equals("{")) {
            Token top = open.peek();
            return Optional.of(at(top, "this " + top.getText() + " is never closed", "add the missing " + closerOf(top.getType())));
        }
        return Optional.empty();
    }

    /** How deep brackets may nest: far past any runbook, and far below where Groovy's parser takes minutes. */
    static final int DEPTH_LIMIT = 100;

    /**
     * The first bracket nested deeper than {@link #DEPTH_LIMIT}. Groovy's parser backtracks on deep nesting: 500
     * parentheses failed with an internal error and 2,000 gave no answer in 120 s. The lexer is linear.
     */
    static Optional<Mismatch> tooDeep(String text) {
        GroovyLangLexer lexer = new GroovyLangLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int depth = 0;
        try {
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                if (closerOf(t.getType()) != null && ++depth > DEPTH_LIMIT) {
                    return Optional.of(at(t, "brackets nested more than " + DEPTH_LIMIT + " deep",
                            "split the expression: give its inner parts names with def"));
                }
                if (isCloser(t.getType())) depth--;
            }
        } catch (RuntimeException | AssertionError e) {
            // the lexer failed (an unclosed string: its GroovySyntaxError is an AssertionError): the parser says what is wrong
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Mismatch at(Token t, String message, String hint) {
        return new Mismatch(t.getLine(), t.getCharPositionInLine() + 1, message, hint);
    }

    private static String closerOf(int type) {
        return switch (type) {
            case GroovyLexer.LPAREN -> ")";
            case GroovyLexer.LBRACK, GroovyLexer.SAFE_INDEX -> "]";
            case GroovyLexer.LBRACE -> "}";
            default -> null;
        };
    }

    private static boolean isCloser(int type) {
        return type == GroovyLexer.RPAREN || type == GroovyLexer.RBRACK || type == GroovyLexer.RBRACE;
    }

    private static String openerOf(String closer) {
        return switch (closer) {
            case ")" -> "(";
            case "]" -> "[";
            default -> "{";
        };
    }
}
