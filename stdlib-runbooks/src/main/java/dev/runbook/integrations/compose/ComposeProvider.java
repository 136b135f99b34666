package dev.runbook.integrations.compose;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/**
 * {@code compose('deploy/prod.yml', project: 'shop')} in steps: a Compose project, driven through the Compose CLI
 * ({@code docker compose} v2 or {@code docker-compose} v1, whichever is installed; Compose has no Java API).
 */
public final class ComposeProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "compose";
    }

    /** A callable: the engine calls what an integration returns when the step writes {@code compose(...)}. */
    @Override
    public Object create(IntegrationContext context) {
        return new ComposeLauncher(context);
    }
}
