package dev.runbook.integrations.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java's exceptions into the few words an operator needs: the engine's own message, or why it is unreachable. */
final class DockerErrors {
    private static final Pattern ENGINE_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerErrors() {}

    static String reason(Throwable e, String host) {
        if (e instanceof Images.ImageUnavailable) return e.getMessage();
        if (e instanceof DockerException d) return engineMessage(d);
        if (interrupted(e)) {
            // the interrupt closed the connection (Ctrl-C or the step's timeout), the engine was reachable
            return "interrupted while waiting for the Docker Engine at " + host + "; it may still carry the request out: outcome unknown";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return "cannot reach the Docker Engine at " + host + " (" + io.getMessage()
                        + ") — is dockerd running? Set DOCKER_HOST to point at it";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The step's thread was interrupted mid-request: docker-java's channel was closed under it. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedByInterruptException || t instanceof java.io.InterruptedIOException
                    || t instanceof InterruptedException) {
                return !(t instanceof java.net.SocketTimeoutException);
            }
        }
        return false;
    }

    static boolean notFound(Throwable e) {
        return e instanceof NotFoundException;
    }

    /** "Status 404: {"message":"No such container: api"}" → "No such container: api". */
    static String engineMessage(DockerException d) {
        String text = d.getMessage() == null ? "" : d.getMessage();
        Matcher m = ENGINE_MESSAGE.matcher(text);
        if (m.find()) return m.group(1).replace("\\\"", "\"").replace("\\n", " ").trim();
        return text.replaceFirst("^Status \\d+: ", "").trim();
    }
}
