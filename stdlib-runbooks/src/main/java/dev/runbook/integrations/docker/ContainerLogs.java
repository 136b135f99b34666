package dev.runbook.integrations.docker;

import java.util.List;

/** The last lines a container wrote, stdout and stderr interleaved as the engine stored them. */
public record ContainerLogs(String container, List<String> lines) {
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
