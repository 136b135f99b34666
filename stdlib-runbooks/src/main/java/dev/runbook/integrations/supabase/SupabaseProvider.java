package dev.runbook.integrations.supabase;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.IntegrationProvider;

/** Makes {@code supabase} available in steps. */
public final class SupabaseProvider implements IntegrationProvider {
    @Override
    public String name() {
        return "supabase";
    }

    @Override
    public Object create(IntegrationContext context) {
        return new Supabase(context);
    }
}
