package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.runbook.engine.IntegrationContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker} inside a step: list containers and images, get a container handle, run a new container.
 * Every call is journaled; calls that change something do nothing in a dry run.
 */
public final class Docker {
    private final IntegrationContext context;
    private final CallJournal calls;
    private DockerClient client;

    Docker(IntegrationContext context) {
        this.context = context;
        this.calls = new CallJournal(context, "docker", e -> DockerErrors.reason(e, host()));
    }

    /** The engine address this step talks to. */
    public String host() {
        return DockerClients.host(context.environment());
    }

    DockerClient client() {
        if (client == null) client = DockerClients.forEnvironment(context.environment());
        return client;
    }

    CallJournal calls() {
        return calls;
    }

    IntegrationContext context() {
        return context;
    }

    public List<ContainerSummary> ps() {
        return ps(Map.of());
    }

    /**
     * The containers, running ones only unless {@code all: true}; {@code name:} keeps those whose name contains it
     * (the engine's name filter).
     */
    public List<ContainerSummary> ps(Map<String, Object> options) {
        NamedOptions o = NamedOptions.check("docker.ps", options, "all", "name");
        boolean all = o.bool("all", false);
        String name = o.string("name", null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("all", all);
        return calls.read(new CallJournal.Target("containers", name == null ? "*" : name), "ps", details, () -> {
            var cmd = client().listContainersCmd().withShowAll(all);
            if (name != null) cmd.withNameFilter(List.of(name));
            return cmd.exec().stream().map(ContainerSummary::of).toList();
        });
    }

    /** A handle on one container by name or id; nothing is asked of the engine until a method is called. */
    public ContainerHandle container(String name) {
        if (name == null || name.isBlank()) {
            throw new dev.runbook.engine.StepFailure("docker.container needs a container name or id", dev.runbook.engine.StepFailure.Kind.ERROR);
        }
        return new ContainerHandle(this, name);
    }

    /** The tags of a repository ({@code 'registry/app'}), newest first: the candidates for a rollback. */
    public List<ImageTag> images(String repository) {
        return images(Map.of(), repository);
    }

    public List<ImageTag> images(Map<String, Object> options, String repository) {
        NamedOptions.check("docker.images", options);
        return calls.read(new CallJournal.Target("repository", repository), "images", null, () -> {
            List<ImageTag> tags = new ArrayList<>();
            for (Image image : client().listImagesCmd().withReferenceFilter(repository).exec()) {
                if (image.getRepoTags() == null) continue;
                for (String ref : image.getRepoTags()) {
                    int colon = ref.lastIndexOf(':');
                    if (colon < 0 || ref.indexOf('/', colon) >= 0 || !ref.substring(0, colon).equals(repository)) continue;
                    tags.add(new ImageTag(repository, ref.substring(colon + 1), Ids.shortId(image.getId()),
                            image.getCreated() == null ? null : java.time.Instant.ofEpochSecond(image.getCreated()),
                            image.getSize() == null ? 0 : image.getSize()));
                }
            }
            tags.sort(Comparator.comparing(ImageTag::created, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(ImageTag::tag, Comparator.reverseOrder()));
            return tags;
        });
    }

    public ContainerHandle run(String image) {
        return run(Map.of(), image);
    }

    /**
     * Creates and starts a container, like {@code docker run -d}. {@code cmd:} a list is the exact argv, a string
     * runs through {@code /bin/sh -c}. {@code network:} a network mode (host, none, or a network's name).
     * {@code restart:} no, always, unless-stopped, on-failure[:N]. {@code volumes:} "source:/path[:ro]" strings.
     */
    public ContainerHandle run(Map<String, Object> options, String image) {
        NamedOptions o = NamedOptions.check("docker.run", options, "name", "env", "network", "cmd", "restart", "volumes", "labels");
        String name = o.string("name", null);
        Map<String, String> env = o.stringMap("env");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("image", image);
        if (!env.isEmpty()) details.put("envKeys", List.copyOf(env.keySet()));
        if (o.has("network")) details.put("network", o.string("network", null));
        CallJournal.Target target = new CallJournal.Target("container", name == null ? image : name);
        return calls.changeShielded(target, "run", details, () -> new ContainerHandle(this, name == null ? image : name), shield -> {
            Images.ensurePresent(client(), image);
            HostConfig host = HostConfig.newHostConfig();
            if (o.has("network")) host.withNetworkMode(o.string("network", null));
            if (o.has("restart")) host.withRestartPolicy(RestartPolicy.parse(o.string("restart", "no")));
            List<String> volumes = o.strings("volumes");
            if (!volumes.isEmpty()) host.withBinds(volumes.stream().map(Bind::parse).toList());
            CreateContainerCmd create = client().createContainerCmd(image).withHostConfig(host)
                    .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withLabels(o.stringMap("labels"));
            if (name != null) create.withName(name);
            if (o.has("cmd")) create.withCmd(command(options.get("cmd"), o));
            CreateContainerResponse created = create.exec();
            client().startContainerCmd(created.getId()).exec();
            return new ContainerHandle(this, name == null ? Ids.shortId(created.getId()) : name);
        });
    }

    private static List<String> command(Object cmd, NamedOptions o) {
        if (cmd instanceof CharSequence s) return List.of("/bin/sh", "-c", s.toString());
        return o.strings("cmd");
    }

    @Override public String toString() {
        return "docker at " + host();
    }
}
