package dev.runbook.integrations.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import dev.runbook.engine.StepFailure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code docker.container('api')}: one container, by name or id. Each method is one journaled call. */
public final class ContainerHandle {
    private static final long READ_LIMIT_SECONDS = 60;

    private final Docker docker;
    private final String name;
    private final CallJournal.Target target;

    ContainerHandle(Docker docker, String name) {
        this.docker = docker;
        this.name = name;
        this.target = new CallJournal.Target("container", name);
    }

    public String getName() {
        return name;
    }

    public ContainerInfo inspect() {
        return docker.calls().read(target, "inspect", null, () -> ContainerInfo.of(raw()));
    }

    InspectContainerResponse raw() {
        return docker.client().inspectContainerCmd(name).exec();
    }

    public ContainerAction restart() {
        return restart(Map.of());
    }

    /** {@code timeout:} seconds (or a duration) the engine waits after SIGTERM before it kills; the engine's default otherwise. */
    public ContainerAction restart(Map<String, Object> options) {
        Integer timeout = NamedOptions.check("docker.container.restart", options, "timeout").integer("timeout", null);
        return docker.calls().changeShielded(target, "restart", timeoutDetail(timeout), () -> new ContainerAction(name, "restart", true, false), shield -> {
            var cmd = docker.client().restartContainerCmd(name);
            if (timeout != null) cmd.withTimeout(timeout);
            cmd.exec();
            return new ContainerAction(name, "restart", false, true);
        });
    }

    public ContainerAction stop() {
        return stop(Map.of());
    }

    public ContainerAction stop(Map<String, Object> options) {
        Integer timeout = NamedOptions.check("docker.container.stop", options, "timeout").integer("timeout", null);
        return docker.calls().changeShielded(target, "stop", timeoutDetail(timeout), () -> new ContainerAction(name, "stop", true, false), shield -> {
            var cmd = docker.client().stopContainerCmd(name);
            if (timeout != null) cmd.withTimeout(timeout);
            try {
                cmd.exec();
                return new ContainerAction(name, "stop", false, true);
            } catch (NotModifiedException alreadyStopped) {
                return new ContainerAction(name, "stop", false, false);
            }
        });
    }

    public ContainerAction start() {
        return docker.calls().changeShielded(target, "start", null, () -> new ContainerAction(name, "start", true, false), shield -> {
            try {
                docker.client().startContainerCmd(name).exec();
                return new ContainerAction(name, "start", false, true);
            } catch (NotModifiedException alreadyRunning) {
                return new ContainerAction(name, "start", false, false);
            }
        });
    }

    public ContainerAction remove() {
        return remove(Map.of());
    }

    /** {@code force: true} removes a running container (killing it); {@code volumes: true} also its anonymous volumes. */
    public ContainerAction remove(Map<String, Object> options) {
        NamedOptions o = NamedOptions.check("docker.container.remove", options, "force", "volumes");
        boolean force = o.bool("force", false);
        boolean volumes = o.bool("volumes", false);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("force", force);
        return docker.calls().changeShielded(target, "remove", details, () -> new ContainerAction(name, "remove", true, false), shield -> {
            docker.client().removeContainerCmd(name).withForce(force).withRemoveVolumes(volumes).exec();
            return new ContainerAction(name, "remove", false, true);
        });
    }

    public ContainerLogs logs() {
        return logs(Map.of());
    }

    /** {@code tail:} the last N lines (default 100); {@code since:} a duration ago ({@code 10.minutes}) or an instant. */
    public ContainerLogs logs(Map<String, Object> options) {
        NamedOptions o = NamedOptions.check("docker.container.logs", options, "tail", "since");
        int tail = o.integer("tail", 100);
        Instant since = o.instant("since", docker.context().clock().instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tail", tail);
        return docker.calls().read(target, "logs", details, () -> {
            var cmd = docker.client().logContainerCmd(name).withStdOut(true).withStdErr(true).withTail(tail);
            if (since != null) cmd.withSince(Math.toIntExact(since.getEpochSecond()));
            LineCollector lines = cmd.exec(new LineCollector());
            await(lines, "logs");
            return new ContainerLogs(name, lines.lines());
        });
    }

    /** One sample of CPU, memory and process count; the container must be running. */
    public ContainerStats stats() {
        return docker.calls().read(target, "stats", null, () -> {
            var holder = new ResultCallback.Adapter<Statistics>() {
                volatile Statistics first;
                @Override public void onNext(Statistics s) {
                    if (first == null) first = s;
                }
            };
            docker.client().statsCmd(name).withNoStream(true).exec(holder);
            await(holder, "stats");
            Statistics s = holder.first;
            if (s == null || s.getRead() == null || s.getRead().startsWith("0001-")) {
                throw new StepFailure(docker.calls().failedMessage(target, "stats", "it is not running"), StepFailure.Kind.ERROR);
            }
            return ContainerStats.of(name, s);
        });
    }

    /** The health check's verdict: healthy, unhealthy, starting, or none when the container has no health check. */
    public ContainerHealth health() {
        return docker.calls().read(target, "health", null, () -> {
            var state = raw().getState();
            var h = state.getHealth();
            boolean running = Boolean.TRUE.equals(state.getRunning());
            if (h == null) return new ContainerHealth(name, "none", running, 0, null);
            String last = h.getLog() == null || h.getLog().isEmpty() ? null : h.getLog().get(h.getLog().size() - 1).getOutput();
            return new ContainerHealth(name, h.getStatus(), running, h.getFailingStreak() == null ? 0 : h.getFailingStreak(), last);
        });
    }

    public RollbackResult rollbackTo(String image) {
        return rollbackTo(Map.of(), image);
    }

    /**
     * Recreates this container from its current settings with another image tag, and rolls forward to the
     * original container when the new one does not start or stops within {@code settle:} (default 5 seconds).
     * {@code stopTimeout:} seconds the old container gets to stop (default 10). The image it already runs: nothing is
     * done, and the result's {@code outcome} says {@code unchanged}.
     */
    public RollbackResult rollbackTo(Map<String, Object> options, String image) {
        NamedOptions o = NamedOptions.check("docker.container.rollbackTo", options, "settle", "stopTimeout");
        Duration settle = o.duration("settle", Duration.ofSeconds(5));
        int stopTimeout = o.integer("stopTimeout", 10);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("image", image);
        return docker.calls().changeShielded(target, "rollbackTo", details, () -> new RollbackResult(name, null, image, null, true, false, "dry-run"),
                shield -> new Rollback(docker, name, target, settle, stopTimeout).to(image, details, shield));
    }

    public RecreateResult recreate() {
        return recreate(Map.of());
    }

    /**
     * A new container of the same image and settings (a fresh writable layer; volumes keep their data), under the
     * same name; the old one is kept aside until the new one has run for {@code settle:} (default 5 seconds) and put
     * back when it does not. {@code stopTimeout:} seconds the old container gets to stop (default 10).
     */
    public RecreateResult recreate(Map<String, Object> options) {
        NamedOptions o = NamedOptions.check("docker.container.recreate", options, "settle", "stopTimeout");
        Duration settle = o.duration("settle", Duration.ofSeconds(5));
        int stopTimeout = o.integer("stopTimeout", 10);
        Map<String, Object> details = new LinkedHashMap<>();
        return docker.calls().changeShielded(target, "recreate", details, () -> new RecreateResult(name, null, null, null, true, "dry-run"),
                shield -> new Recreate(docker, name, target).run(settle, stopTimeout, details, shield));
    }

    private static Map<String, Object> timeoutDetail(Integer timeout) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (timeout != null) d.put("timeoutSeconds", timeout);
        return d;
    }

    private void await(ResultCallback.Adapter<?> callback, String what) {
        try {
            if (!callback.awaitCompletion(READ_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new StepFailure(docker.calls().failedMessage(target, what, "no answer from the engine within "
                        + READ_LIMIT_SECONDS + " seconds"), StepFailure.Kind.ERROR);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("docker: " + what + " of " + target + " was interrupted", StepFailure.Kind.ABORTED);
        } finally {
            try {
                callback.close();
            } catch (java.io.IOException ignored) {
                // the stream is finished or abandoned either way
            }
        }
    }

    /** Collects log frames as lines; a frame may hold several lines or end mid-line. */
    static final class LineCollector extends ResultCallback.Adapter<Frame> {
        private final StringBuilder text = new StringBuilder();

        @Override public void onNext(Frame frame) {
            synchronized (text) {
                text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }

        List<String> lines() {
            synchronized (text) {
                List<String> out = new ArrayList<>(List.of(text.toString().split("\r?\n", -1)));
                if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
                return out;
            }
        }
    }

    @Override public String toString() {
        return "container " + name;
    }
}
