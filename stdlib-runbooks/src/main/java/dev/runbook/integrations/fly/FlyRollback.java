package dev.runbook.integrations.fly;

/** What {@code fly.rollback} deployed: the image of release {@code version}, as a new release. */
public record FlyRollback(String app, int version, String image, boolean dryRun)
        implements dev.runbook.engine.WouldBe {}
