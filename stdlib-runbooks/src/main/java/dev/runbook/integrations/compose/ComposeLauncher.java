package dev.runbook.integrations.compose;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.engine.StepFailure;
import dev.runbook.integrations.docker.NamedOptions;
import groovy.lang.Closure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code compose} is in a step: called with a compose file (and {@code project:}), it gives the project.
 * A Closure, because the engine invokes a Closure-valued integration when a step calls it by name.
 */
public final class ComposeLauncher extends Closure<ComposeProject> {
    private final transient IntegrationContext context;

    ComposeLauncher(IntegrationContext context) {
        super(null);
        this.context = context;
    }

    public ComposeProject doCall(String file) {
        return doCall(Map.of(), file);
    }

    /** {@code project:} the Compose project name ({@code -p}); Compose derives one from the folder otherwise. */
    public ComposeProject doCall(Map<String, Object> options, String file) {
        NamedOptions o = NamedOptions.check("compose", options, "project");
        if (file == null || file.isBlank()) {
            throw new StepFailure("compose needs the compose file: compose('deploy/docker-compose.yml', project: 'name')", StepFailure.Kind.ERROR);
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new StepFailure("compose: no compose file at " + path + " — give the path from the folder the run started in",
                    StepFailure.Kind.ERROR);
        }
        return new ComposeProject(context, path, o.string("project", null));
    }

    @Override public String toString() {
        return "compose(file, project: name)";
    }
}
