package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import java.time.Duration;
import java.util.Map;

/**
 * {@code docker.container('api').recreate()}: a new container of the same image with the same settings (env, ports,
 * mounts, volumes, networks, labels, restart policy, command), so a fresh writable layer; named volumes and binds
 * keep their data. Same promise as a rollback ({@link Replacement}): the old one is kept aside until the new one
 * runs, and put back when it does not.
 */
final class Recreate {
    private final Docker docker;
    private final String name;
    private final CallJournal.Target target;

    Recreate(Docker docker, String name, CallJournal.Target target) {
        this.docker = docker;
        this.name = name;
        this.target = target;
    }

    RecreateResult run(Duration settle, int stopTimeout, Map<String, Object> details, Shield shield) {
        DockerClient client = docker.client();
        InspectContainerResponse old = client.inspectContainerCmd(name).exec();
        String image = sameImage(client, old);
        details.put("image", image);
        InspectImageResponse oldImage = Rollback.oldImage(client, old.getImageId());
        Replacement replacement = new Replacement(docker, shield, old, "recreate of " + target, "the new container", details);
        String newId = replacement.run(newName -> Recreation.createLike(client, image, old, oldImage, newName), settle, stopTimeout);
        return new RecreateResult(replacement.name(), image, Ids.shortId(old.getId()), Ids.shortId(newId), false, "recreated");
    }

    /**
     * The image the container runs, by its tag while the tag still names it; by id once the tag was moved to another
     * build (a recreate must not turn into an upgrade).
     */
    private static String sameImage(DockerClient client, InspectContainerResponse old) {
        String tag = old.getConfig().getImage();
        try {
            if (tag != null && client.inspectImageCmd(tag).exec().getId().equals(old.getImageId())) return tag;
        } catch (NotFoundException moved) {
            // the tag is gone: the id below still names the image
        }
        return old.getImageId();
    }
}
