package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.runbook.engine.Clock;
import dev.runbook.engine.StepFailure;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Replaces a container by a new one under its name, for {@code rollbackTo} and {@code recreate}. The original is not
 * deleted until the new one has proved itself: it is stopped and renamed aside ({@code api-before-rollback-<time>}).
 * When the new one does not stay up, when the engine fails a step, or when the step is stopped (Ctrl-C,
 * timeout: {@link Shield#stopAsked()}) before the new one has proved itself, the new one is removed and the original
 * gets its name back and is started: it comes back exactly as it was (image, settings, writable layer). Whatever
 * ends it, the failure says what was done and in what state things are, journaled as {@code state}:
 * {@code compensated} (as it was), {@code down} (put back, but it does not stay up) or {@code unknown} (the engine
 * stopped answering: what was seen is listed).
 */
final class Replacement {
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FORWARD_SETTLE = Duration.ofSeconds(2);

    private final Docker docker;
    private final DockerClient client;
    private final Shield shield;
    private final InspectContainerResponse old;
    private final String realName;
    private final String what;
    private final String newOne;
    private final Map<String, Object> details;
    /** What was done so far, in words, for a failure that cannot tell the outcome. */
    private final List<String> done = new ArrayList<>();

    /**
     * @param what the call in words for its failure: "rollback of container 'api' to app:1", "recreate of container 'api'"
     * @param newOne the new container in words: "the new container with app:1"
     */
    Replacement(Docker docker, Shield shield, InspectContainerResponse old, String what, String newOne, Map<String, Object> details) {
        this.docker = docker;
        this.client = docker.client();
        this.shield = shield;
        this.old = old;
        this.realName = old.getName().replaceFirst("^/", "");
        this.what = what;
        this.newOne = newOne;
        this.details = details;
    }

    String name() {
        return realName;
    }

    /**
     * Does the replacement; {@code create} makes the new container under the given name and returns its id.
     *
     * @return the new container's id, once it has stayed up for {@code settle} and the original is removed
     */
    String run(Function<String, String> create, Duration settle, int stopTimeout) {
        if (shield.stopAsked()) throw interrupted("before it changed anything", "nothing was changed", "unchanged");
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        String oldId = old.getId();
        String aside = realName + "-before-rollback-" + ASIDE.format(docker.context().clock().instant());
        boolean renamed = false;
        String newId = null;
        String why;
        RuntimeException failure = null;
        try {
            if (wasRunning) {
                client.stopContainerCmd(oldId).withTimeout(stopTimeout).exec();
                done.add("stopped the old container (" + Ids.shortId(oldId) + ")");
            }
            if (!shield.stopAsked()) {
                client.renameContainerCmd(oldId).withName(aside).exec();
                renamed = true;
                done.add("renamed it '" + aside + "'");
            }
            if (!shield.stopAsked()) {
                newId = create.apply(realName);
                done.add("created the new one (" + Ids.shortId(newId) + ")");
            }
            if (!shield.stopAsked()) {
                client.startContainerCmd(newId).exec();
                done.add("started it");
            }
            why = shield.stopAsked() ? null : staysUp(newId, settle, shield::stopAsked);
        } catch (RuntimeException e) {
            failure = e;
            why = (newId == null ? "was not made: " : "could not be started: ") + DockerErrors.reason(e, docker.host());
        }
        if (why == null && !shield.stopAsked()) {
            try {
                client.removeContainerCmd(oldId).withRemoveVolumes(false).exec();
            } catch (RuntimeException e) {
                details.put("leftAside", aside); // the new one runs: that is the outcome; the old one is only left over
            }
            return newId;
        }
        String seen = done.isEmpty() ? "before it changed anything" : "after it " + String.join(", ", done);
        String back = putBack(oldId, newId, renamed, wasRunning);
        if ("unknown".equals(details.get("state"))) {
            throw new StepFailure("docker: " + what + ": outcome unknown (the Docker Engine at " + docker.host() + " failed mid-way) — "
                    + (failure != null ? DockerErrors.reason(failure, docker.host()) : why != null ? newOne + " " + why : "interrupted") + ", " + seen
                    + "; " + back + "; the original container is " + Ids.shortId(oldId) + (renamed ? ", maybe still named '" + aside + "'" : "")
                    + " — look with: docker ps -a --filter name=" + realName,
                    shield.stopAsked() ? StepFailure.Kind.ABORTED : StepFailure.Kind.ERROR);
        }
        if (why == null) throw interrupted(seen, back, (String) details.get("state"));
        details.put("rolledForward", true);
        throw new StepFailure("docker: " + what + " failed: " + newOne + " " + why + "; " + back,
                shield.stopAsked() ? StepFailure.Kind.ABORTED : StepFailure.Kind.ERROR);
    }

    private StepFailure interrupted(String when, String outcome, String state) {
        details.put("state", state);
        return new StepFailure("docker: " + what + " was interrupted (Ctrl-C, SIGTERM or the step's timeout) " + when + "; "
                + outcome, StepFailure.Kind.ABORTED);
    }

    /** Null when the container is still running (and not unhealthy) after {@code window}; otherwise why not. */
    private String staysUp(String id, Duration window, BooleanSupplier stop) {
        Clock clock = docker.context().clock();
        long end = clock.millis() + window.toMillis();
        while (true) {
            var state = client.inspectContainerCmd(id).exec().getState();
            if (Boolean.TRUE.equals(state.getRestarting())) return "keeps restarting (last exit code " + state.getExitCode() + ")" + lastOutput(id);
            if (!Boolean.TRUE.equals(state.getRunning())) return "exited at once with code " + state.getExitCode() + lastOutput(id);
            if (state.getHealth() != null && "unhealthy".equals(state.getHealth().getStatus())) return "is unhealthy" + lastOutput(id);
            if (clock.millis() >= end || stop.getAsBoolean()) return null;
            try {
                clock.sleep(POLL, stop);
            } catch (InterruptedException e) {
                return null; // this is the shield's thread: nobody interrupts it but the JVM's end
            }
        }
    }

    private String lastOutput(String id) {
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

    /** Puts the original container back under its name; says in words what state things are in, and journals it. */
    private String putBack(String oldId, String newId, boolean renamed, boolean wasRunning) {
        String original = "the original container";
        try {
            if (newId != null) client.removeContainerCmd(newId).withForce(true).exec();
            if (renamed) client.renameContainerCmd(oldId).withName(realName).exec();
            if (!wasRunning) {
                details.put("state", "compensated");
                return "rolled forward: '" + realName + "' is back as it was (it was not running before, so it was left stopped)";
            }
            try {
                client.startContainerCmd(oldId).exec();
            } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyRunning) {
                // the stop never happened: it still runs
            }
            // Stopped by the operator: one look that it runs is enough (it ran before), the engine waits for this call
            // only a few seconds before it goes on with the failure path.
            String why = staysUp(oldId, shield.stopAsked() ? Duration.ZERO : FORWARD_SETTLE, () -> false);
            if (why != null) {
                details.put("state", "down");
                return "rolling forward to " + original + " failed too: it " + why + " — '" + realName + "' is down, act by hand";
            }
            details.put("state", "compensated");
            String image = client.inspectContainerCmd(oldId).exec().getConfig().getImage();
            return "rolled forward: '" + realName + "' runs " + image + " again";
        } catch (NotFoundException e) {
            details.put("state", "unknown");
            return "rolling forward to " + original + " (id " + Ids.shortId(oldId) + ") failed: " + DockerErrors.reason(e, docker.host())
                    + " — '" + realName + "' may be down, act by hand";
        } catch (RuntimeException e) {
            details.put("state", "unknown");
            return "rolling forward to " + original + " (id " + Ids.shortId(oldId) + ") failed too: "
                    + DockerErrors.reason(e, docker.host()) + " — '" + realName + "' may be down, act by hand";
        }
    }
}
