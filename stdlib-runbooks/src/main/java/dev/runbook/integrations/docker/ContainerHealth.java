package dev.runbook.integrations.docker;

/**
 * The container's health check as the engine reports it: {@code healthy}, {@code unhealthy}, {@code starting},
 * or {@code none} when the image and container define no health check.
 */
public record ContainerHealth(String container, String status, boolean running, int failingStreak, String lastOutput) {
    public boolean isHealthy() {
        return "healthy".equals(status);
    }

    @Override public String toString() {
        return container + ": " + status + (running ? "" : " (not running)")
                + (failingStreak > 0 ? ", " + failingStreak + " failed checks in a row" : "")
                + (lastOutput == null || lastOutput.isBlank() ? "" : ", last check said: " + lastOutput.strip());
    }
}
