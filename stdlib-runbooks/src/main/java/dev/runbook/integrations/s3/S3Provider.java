package dev.runbook.integrations.s3;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** {@code s3} in steps. Creating it touches no AWS class: the SDK client is built on the first call. */
public final class S3Provider implements IntegrationProvider {
    @Override
    public String name() {
        return "s3";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new S3Integration(context, java.util.Map.of());
    }
}
