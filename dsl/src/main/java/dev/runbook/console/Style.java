package dev.runbook.console;

/** ANSI colour when the output is a terminal and NO_COLOR is not set; plain text otherwise. */
public final class Style {
    private final boolean color;

    public Style(boolean color) {
        this.color = color;
    }

    /** Colour for a terminal unless NO_COLOR is set (https://no-color.org). */
    public static Style forTerminal(boolean isTerminal, java.util.Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return new Style(isTerminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM")));
    }

    public boolean enabled() { return color; }

    public String bold(String s) { return wrap("1", s); }
    public String dim(String s) { return wrap("2", s); }
    public String red(String s) { return wrap("31", s); }
    public String green(String s) { return wrap("32", s); }
    public String yellow(String s) { return wrap("33", s); }
    public String cyan(String s) { return wrap("36", s); }

    private String wrap(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
