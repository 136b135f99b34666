package dev.runbook.integrations.fly;

/**
 * One machine of a Fly app, from {@code fly status --json}.
 *
 * @param state          {@code started}, {@code stopped}, {@code replacing} ...
 * @param releaseVersion the release the machine runs (its {@code fly_release_version} metadata)
 * @param checksPassing  how many of its health checks pass
 */
public record FlyMachine(String id, String state, String region, String image, String releaseVersion, int checksPassing,
                         int checksTotal) {
    public boolean isHealthy() {
        return "started".equals(state) && checksPassing == checksTotal;
    }
}
