package dev.runbook.integrations.k8s;

import java.time.Instant;

/**
 * One cluster event.
 *
 * @param type   Normal or Warning
 * @param object the object it is about: {@code Pod/api-7d9f-x2k}
 * @param count  how many times it happened (events repeat)
 */
public record K8sEvent(Instant time, String type, String reason, String object, String message, int count) {
    @Override
    public String toString() {
        return time + "  " + type + "  " + reason + "  " + object + "  " + message + (count > 1 ? " (x" + count + ")" : "");
    }
}
