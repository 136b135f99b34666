package dev.runbook.integrations.compose;

/** One container of a Compose project ({@code ps()}): its service, state (running, exited ...), health and image. */
public record ComposeContainer(String name, String service, String state, String health, String image, Integer exitCode) {
    public boolean isRunning() {
        return "running".equals(state);
    }

    @Override public String toString() {
        return service + " (" + name + "): " + state + (health == null || health.isEmpty() ? "" : ", " + health) + ", " + image;
    }
}
