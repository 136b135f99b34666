package dev.runbook.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.runbook.engine.StepFailure;

import java.util.concurrent.TimeUnit;

/** Makes sure an image is on the engine, pulling it when it is not (as {@code docker run} does). */
final class Images {
    private static final long PULL_LIMIT_MINUTES = 10;

    private Images() {}

    static void ensurePresent(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException missing) {
            // not here: pull it below
        }
        try {
            boolean done = client.pullImageCmd(image).exec(new ResultCallback.Adapter<PullResponseItem>())
                    .awaitCompletion(PULL_LIMIT_MINUTES, TimeUnit.MINUTES);
            if (!done) throw new StepFailure("image " + image + " is not on the engine and pulling it took more than "
                    + PULL_LIMIT_MINUTES + " minutes", StepFailure.Kind.ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while pulling " + image, StepFailure.Kind.ABORTED);
        } catch (RuntimeException e) {
            throw new ImageUnavailable(image, e);
        }
    }

    /** The image is neither on the engine nor pullable. */
    static final class ImageUnavailable extends RuntimeException {
        ImageUnavailable(String image, RuntimeException cause) {
            super("image " + image + " is not on the engine and pulling it failed: "
                    + (cause instanceof com.github.dockerjava.api.exception.DockerException d ? DockerErrors.engineMessage(d) : cause.getMessage()),
                    cause);
        }
    }
}
