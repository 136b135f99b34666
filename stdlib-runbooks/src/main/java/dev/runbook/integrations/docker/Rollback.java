package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbook.engine.Clock;
import dev.runbook.engine.StepFailure;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * {@code docker.container('api').rollbackTo('app:1.2.3')}: replace a container by one of another image tag with
 * the same settings, and if the new one does not stay up, put the original back.
 *
 * <p>The original container is not deleted until the new one has proved itself: it is stopped and renamed aside
 * ({@code api-before-rollback-<time>}). Rolling forward removes the failed new container, gives the original its
 * name back and starts it, so it comes back exactly as it was (same image, settings and writable layer).
 */
final class Rollback {
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FORWARD_SETTLE = Duration.ofSeconds(2);

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

    RollbackResult to(String image, Map<String, Object> details) {
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
            return new RollbackResult(realName, from, image, Ids.shortId(old.getId()), false, false);
        }
        InspectImageResponse oldImage = oldImage(client, old.getImageId());

        if (wasRunning) client.stopContainerCmd(old.getId()).withTimeout(stopTimeout).exec();
        String aside = realName + "-before-rollback-" + ASIDE.format(docker.context().clock().instant());
        client.renameContainerCmd(old.getId()).withName(aside).exec();

        String newId = null;
        String why;
        try {
            CreateContainerCmd create = client.createContainerCmd(image).withName(realName);
            Recreation.apply(create, old, oldImage);
            newId = create.exec().getId();
            client.startContainerCmd(newId).exec();
            why = staysUp(client, newId, settle);
        } catch (RuntimeException e) {
            why = "it could not be started: " + DockerErrors.reason(e, docker.host());
        }
        if (why == null) {
            client.removeContainerCmd(old.getId()).withRemoveVolumes(false).exec();
            return new RollbackResult(realName, from, image, Ids.shortId(newId), false, true);
        }
        details.put("rolledForward", true);
        String failed = "the new container with " + image + " " + why;
        String forward = rollForward(client, old.getId(), newId, realName, wasRunning);
        throw new StepFailure("docker: rollback of " + target + " to " + image + " failed: " + failed + "; " + forward,
                StepFailure.Kind.ERROR);
    }

    private static InspectImageResponse oldImage(DockerClient client, String id) {
        try {
            return client.inspectImageCmd(id).exec();
        } catch (NotFoundException gone) {
            return null; // the old image was deleted: keep every setting, there is nothing to tell them apart from
        }
    }

    /** Null when the container is still running (and not unhealthy) after the settle time; otherwise why not. */
    private String staysUp(DockerClient client, String id, Duration window) {
        Clock clock = docker.context().clock();
        long end = clock.millis() + window.toMillis();
        while (true) {
            var state = client.inspectContainerCmd(id).exec().getState();
            if (Boolean.TRUE.equals(state.getRestarting())) return "keeps restarting (last exit code " + state.getExitCode() + ")" + lastOutput(client, id);
            if (!Boolean.TRUE.equals(state.getRunning())) return "exited at once with code " + state.getExitCode() + lastOutput(client, id);
            if (state.getHealth() != null && "unhealthy".equals(state.getHealth().getStatus())) return "is unhealthy" + lastOutput(client, id);
            if (clock.millis() >= end) return null;
            try {
                clock.sleep(POLL, () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "was interrupted while waiting to see it stay up";
            }
        }
    }

    private String lastOutput(DockerClient client, String id) {
        try {
            var lines = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(3)
                    .exec(new ContainerHandle.LineCollector());
            lines.awaitCompletion(5, java.util.concurrent.TimeUnit.SECONDS);
            List<String> out = lines.lines();
            return out.isEmpty() ? "" : " (its last output: " + String.join(" | ", out) + ")";
        } catch (Exception e) {
            return "";
        }
    }

    /** Puts the original container back under its name; says in words what state things are in. */
    private String rollForward(DockerClient client, String oldId, String newId, String realName, boolean wasRunning) {
        String original = "the original container";
        try {
            if (newId != null) client.removeContainerCmd(newId).withForce(true).exec();
            client.renameContainerCmd(oldId).withName(realName).exec();
            if (!wasRunning) return "rolled forward: '" + realName + "' is back as it was (it was not running before, so it was left stopped)";
            client.startContainerCmd(oldId).exec();
            String why = staysUp(client, oldId, FORWARD_SETTLE);
            if (why != null) return "rolling forward to " + original + " failed too: it " + why + " — '" + realName + "' is down, act by hand";
            String image = client.inspectContainerCmd(oldId).exec().getConfig().getImage();
            return "rolled forward: '" + realName + "' runs " + image + " again";
        } catch (RuntimeException e) {
            return "rolling forward to " + original + " (id " + Ids.shortId(oldId) + ") failed too: "
                    + DockerErrors.reason(e, docker.host()) + " — '" + realName + "' is down, act by hand";
        }
    }
}
