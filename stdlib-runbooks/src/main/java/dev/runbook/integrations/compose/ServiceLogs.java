package dev.runbook.integrations.compose;

import java.util.List;

/** The last log lines of a Compose service (or of every service), without Compose's "name |" prefixes. */
public record ServiceLogs(String service, List<String> lines) {
    public String getText() {
        return String.join("\n", lines);
    }

    public boolean contains(CharSequence text) {
        return getText().contains(text);
    }

    @Override public String toString() {
        return getText();
    }
}
