package dev.runbook.serve;

/** Text into HTML: everything a runbook, its params and its commands print goes through here before a page shows it. */
final class Html {
    private Html() {}

    static String esc(Object value) {
        String s = value == null ? "" : value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page around {@code body}: the shared style sheet and script, no third-party origin. */
    static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/static/serve.css\">"
                + "<script src=\"/static/serve.js\" defer></script></head><body>"
                + "<header><a href=\"/\">Runbook</a></header><main>" + body + "</main></body></html>";
    }
}
