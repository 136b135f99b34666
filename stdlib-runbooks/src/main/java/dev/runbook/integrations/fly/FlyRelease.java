package dev.runbook.integrations.fly;

import java.time.Instant;

/**
 * One release of a Fly app, as {@code fly releases --json} reports it.
 *
 * @param version  the release number ({@code v12} is 12)
 * @param status   {@code complete}, {@code failed}, {@code running} ...
 * @param user     the email of who released it
 * @param imageRef the image the release ran: what a rollback deploys again
 */
public record FlyRelease(int version, String status, String description, String user, Instant createdAt, String imageRef,
                         boolean stable) {
    @Override
    public String toString() {
        return "v" + version + " " + status + " " + imageRef;
    }
}
