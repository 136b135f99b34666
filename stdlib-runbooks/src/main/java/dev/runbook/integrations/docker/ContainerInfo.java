package dev.runbook.integrations.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker.container('api').inspect()} tells: the image it runs, its state, and the settings a rollback
 * keeps (env, mounts, network mode, restart policy). {@code env} holds values as the engine has them, secrets
 * included: log single entries, not the whole map.
 */
public record ContainerInfo(String id, String name, String image, String imageId, String status, boolean running,
                            Integer exitCode, String startedAt, String finishedAt, int restartCount, String health,
                            Map<String, String> env, Map<String, String> labels, List<String> mounts,
                            String networkMode, String restartPolicy, List<String> cmd, List<String> entrypoint) {

    static ContainerInfo of(InspectContainerResponse r) {
        var state = r.getState();
        var config = r.getConfig();
        HostConfig host = r.getHostConfig();
        List<String> mounts = r.getMounts() == null ? List.of() : r.getMounts().stream()
                .map(m -> (m.getName() != null ? m.getName() : m.getSource()) + ":" + (m.getDestination() == null ? "" : m.getDestination().getPath())
                        + (Boolean.FALSE.equals(m.getRW()) ? ":ro" : ""))
                .toList();
        String health = state.getHealth() == null ? "none" : state.getHealth().getStatus();
        return new ContainerInfo(Ids.shortId(r.getId()), r.getName() == null ? null : r.getName().replaceFirst("^/", ""),
                config.getImage(), Ids.shortId(r.getImageId()), state.getStatus(), Boolean.TRUE.equals(state.getRunning()),
                state.getExitCode(), state.getStartedAt(), state.getFinishedAt(),
                r.getRestartCount() == null ? 0 : r.getRestartCount(), health, envMap(config.getEnv()),
                config.getLabels() == null ? Map.of() : Map.copyOf(config.getLabels()), mounts,
                host == null ? null : host.getNetworkMode(), restartPolicy(host),
                config.getCmd() == null ? List.of() : Arrays.asList(config.getCmd()),
                config.getEntrypoint() == null ? List.of() : Arrays.asList(config.getEntrypoint()));
    }

    static Map<String, String> envMap(String[] env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null) return out;
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq < 0) out.put(e, "");
            else out.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return out;
    }

    private static String restartPolicy(HostConfig host) {
        if (host == null || host.getRestartPolicy() == null) return "no";
        RestartPolicy p = host.getRestartPolicy();
        String name = p.getName() == null || p.getName().isEmpty() ? "no" : p.getName();
        return "on-failure".equals(name) && p.getMaximumRetryCount() != null && p.getMaximumRetryCount() > 0
                ? name + ":" + p.getMaximumRetryCount() : name;
    }

    /** Env without values, safe to log. */
    @Override public String toString() {
        return name + " (" + id + ") " + image + " " + status + (running ? "" : " exit " + exitCode)
                + ", health " + health + ", env keys " + env.keySet();
    }
}
