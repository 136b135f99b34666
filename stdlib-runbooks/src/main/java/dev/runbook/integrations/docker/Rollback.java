package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import java.time.Duration;
import java.util.Map;

/**
 * {@code docker.container('api').rollbackTo('app:1.2.3')}: replace a container by one of another image tag with
 * the same settings, and if the new one does not stay up, put the original back ({@link Replacement}).
 * Asked for the image the container already runs, it does nothing and says so: the result's {@code outcome} is
 * {@code unchanged} (to get a fresh container of the same image, {@code recreate()}).
 */
final class Rollback {
    private final Docker docker;
    private final String name;
    private final CallJournal.Target target;
    private final Duration settle;
    private final int stopTimeout;

    Rollback(Docker docker, String name, CallJournal.Target target, Duration settle, int stopTimeout) {
        this.docker = docker;
        this.name = name;
        this.target = target;
        this.settle = settle;
        this.stopTimeout = stopTimeout;
    }

    RollbackResult to(String image, Map<String, Object> details, Shield shield) {
        DockerClient client = docker.client();
        InspectContainerResponse old = client.inspectContainerCmd(name).exec();
        String from = old.getConfig().getImage();
        details.put("from", from);
        // A name given as an id or prefix: act on the container's real name from here on.
        String realName = old.getName().replaceFirst("^/", "");
        Images.ensurePresent(client, image);
        InspectImageResponse wanted = client.inspectImageCmd(image).exec();
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        if (wasRunning && wanted.getId().equals(old.getImageId())) {
            // Doing nothing is right for a rollback; saying "ok" alone let a ladder believe it had recreated it.
            details.put("status", "already running " + image + "; nothing done");
            details.put("state", "unchanged");
            return new RollbackResult(realName, from, image, Ids.shortId(old.getId()), false, false, "unchanged");
        }
        InspectImageResponse oldImage = oldImage(client, old.getImageId());
        Replacement replacement = new Replacement(docker, shield, old, "rollback of " + target + " to " + image,
                "the new container with " + image, details);
        String newId = replacement.run(newName -> Recreation.createLike(client, image, old, oldImage, newName), settle, stopTimeout);
        return new RollbackResult(realName, from, image, Ids.shortId(newId), false, true, "rolled back");
    }

    static InspectImageResponse oldImage(DockerClient client, String id) {
        try {
            return client.inspectImageCmd(id).exec();
        } catch (NotFoundException gone) {
            return null; // the old image was deleted: keep every setting, there is nothing to tell them apart from
        }
    }
}
