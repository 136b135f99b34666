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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return "cannot reach the Docker Engine at " + host + " (" + io.getMessage()
                        + ") — is dockerd running? Set DOCKER_HOST to point at it";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
