package dev.runbook.integrations.docker;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** {@code docker} in steps: containers and images of the Docker Engine at {@code DOCKER_HOST} (or the default socket). */
public final class DockerProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "docker";
    }

    /** Cheap: the engine client is built on the first call, so a runbook that never uses docker never loads docker-java. */
    @Override
    public Object create(IntegrationContext context) {
        return new Docker(context);
    }
}
