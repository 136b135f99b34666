package dev.runbook.serve;

import dev.runbook.report.HtmlReport;

/** Text into HTML: everything a runbook, its params and its commands print goes through here before a page shows it. */
final class Html {
    private Html() {}

    static String esc(Object value) {
        return HtmlReport.esc(value == null ? null : value.toString());
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
