package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of an existing container that were chosen for it (not inherited from its image), applied to a new
 * container of another image. A container's env, cmd and labels mix what its image set with what was given at
 * {@code docker run}; only the latter is carried over, so the other image's own defaults (its version variable,
 * its command) win, as they would on a fresh {@code docker run}. The host settings (mounts, network mode, restart
 * policy, ports, resources) are taken whole, and anonymous volumes are re-attached so their data stays.
 */
final class Recreation {
    private Recreation() {}

    /**
     * Creates (does not start) a container named {@code newName} from {@code image} with {@code old}'s chosen
     * settings and its other networks: what a rollback and a recreate both put in place of the old container.
     */
    static String createLike(DockerClient client, String image, InspectContainerResponse old, InspectImageResponse oldImage, String newName) {
        CreateContainerCmd create = client.createContainerCmd(image).withName(newName);
        apply(create, old, oldImage);
        String id = create.exec().getId();
        connectOtherNetworks(client, old, id);
        return id;
    }

    static void apply(CreateContainerCmd create, InspectContainerResponse old, InspectImageResponse oldImage) {
        ContainerConfig c = old.getConfig();
        ContainerConfig image = oldImage == null ? new ContainerConfig() : Objects.requireNonNullElseGet(oldImage.getConfig(), ContainerConfig::new);
        create.withEnv(chosen(c.getEnv(), image.getEnv()));
        if (c.getCmd() != null && !Arrays.equals(c.getCmd(), image.getCmd())) create.withCmd(c.getCmd());
        if (c.getEntrypoint() != null && !Arrays.equals(c.getEntrypoint(), image.getEntrypoint())) create.withEntrypoint(c.getEntrypoint());
        create.withLabels(chosen(c.getLabels(), image.getLabels()));
        if (differs(c.getWorkingDir(), image.getWorkingDir())) create.withWorkingDir(c.getWorkingDir());
        if (differs(c.getUser(), image.getUser())) create.withUser(c.getUser());
        if (c.getHealthcheck() != null && !Objects.equals(c.getHealthcheck(), image.getHealthcheck())) create.withHealthcheck(c.getHealthcheck());
        if (c.getHostName() != null && !old.getId().startsWith(c.getHostName())) create.withHostName(c.getHostName());
        if (c.getExposedPorts() != null && c.getExposedPorts().length > 0) create.withExposedPorts(c.getExposedPorts());
        create.withHostConfig(withAnonymousVolumes(old));
        List<String> aliases = aliases(old, old.getHostConfig() == null ? null : old.getHostConfig().getNetworkMode());
        if (!aliases.isEmpty()) create.withAliases(aliases);
    }

    /**
     * A container on several networks is created on its first (the network mode) and connected to the others with
     * their aliases before it starts, as {@code docker network connect} would.
     */
    static void connectOtherNetworks(DockerClient client, InspectContainerResponse old, String newId) {
        if (old.getNetworkSettings() == null || old.getNetworkSettings().getNetworks() == null) return;
        String primary = old.getHostConfig() == null ? null : old.getHostConfig().getNetworkMode();
        for (String network : old.getNetworkSettings().getNetworks().keySet()) {
            if (network.equals(primary) || PREDEFINED.contains(network)) continue;
            client.connectToNetworkCmd().withNetworkId(network).withContainerId(newId)
                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases(old, network))).exec();
        }
    }

    private static final Set<String> PREDEFINED = Set.of("none", "host", "bridge", "default");

    /** The aliases given on a network, without the one the engine adds itself (the old container's short id). */
    private static List<String> aliases(InspectContainerResponse old, String network) {
        if (network == null || old.getNetworkSettings() == null || old.getNetworkSettings().getNetworks() == null) return List.of();
        ContainerNetwork n = old.getNetworkSettings().getNetworks().get(network);
        if (n == null || n.getAliases() == null) return List.of();
        return n.getAliases().stream().filter(a -> !old.getId().startsWith(a)).toList();
    }

    /** Env entries ("K=V") set on the container that its image did not set to the same value. */
    static List<String> chosen(String[] container, String[] image) {
        if (container == null) return List.of();
        Set<String> inherited = image == null ? Set.of() : new HashSet<>(Arrays.asList(image));
        return Arrays.stream(container).filter(e -> !inherited.contains(e)).toList();
    }

    static Map<String, String> chosen(Map<String, String> container, Map<String, String> image) {
        Map<String, String> out = new LinkedHashMap<>();
        if (container == null) return out;
        container.forEach((k, v) -> {
            if (image == null || !Objects.equals(image.get(k), v)) out.put(k, v);
        });
        return out;
    }

    private static boolean differs(String container, String image) {
        return container != null && !container.isEmpty() && !container.equals(image);
    }

    /** The host settings, plus a bind for each anonymous volume so the new container gets the same data. */
    private static HostConfig withAnonymousVolumes(InspectContainerResponse old) {
        HostConfig host = old.getHostConfig() == null ? HostConfig.newHostConfig() : old.getHostConfig();
        Set<String> covered = new HashSet<>();
        List<Bind> binds = new ArrayList<>();
        if (host.getBinds() != null) {
            for (Bind b : host.getBinds()) {
                binds.add(b);
                covered.add(b.getVolume().getPath());
            }
        }
        if (host.getMounts() != null) host.getMounts().forEach(m -> covered.add(m.getTarget()));
        if (old.getMounts() != null) {
            for (var m : old.getMounts()) {
                String dest = m.getDestination() == null ? null : m.getDestination().getPath();
                if (m.getName() != null && dest != null && !covered.contains(dest)) {
                    binds.add(new Bind(m.getName(), new Volume(dest)));
                }
            }
        }
        return host.withBinds(binds);
    }
}
