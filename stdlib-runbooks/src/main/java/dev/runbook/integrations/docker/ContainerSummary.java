package dev.runbook.integrations.docker;

import com.github.dockerjava.api.model.Container;

import java.time.Instant;
import java.util.Map;

/** One line of {@code docker.ps()}. {@code state} is the engine's word: running, exited, restarting, created, paused, dead. */
public record ContainerSummary(String id, String name, String image, String state, String status, Instant created,
                               Map<String, String> labels) {
    static ContainerSummary of(Container c) {
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
        return new ContainerSummary(Ids.shortId(c.getId()), name, c.getImage(), c.getState(), c.getStatus(),
                c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()),
                c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels()));
    }

    public boolean isRunning() {
        return "running".equals(state);
    }

    @Override public String toString() {
        return name + " " + image + " " + status;
    }
}
