package dev.runbook.integrations.fly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.integrations.support.JsonOutput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads flyctl's JSON. Releases are Go structs without JSON tags, so their keys are the Go field names
 * ({@code Version}, {@code ImageRef}, {@code User.Email}); machines use the Machines API's snake_case keys.
 */
final class FlyJson {
    private FlyJson() {}

    /** Newest first. */
    static List<FlyRelease> releases(String output) throws Exception {
        JsonNode root = JsonOutput.parse("flyctl releases", output);
        List<FlyRelease> out = new ArrayList<>();
        for (JsonNode r : root) {
            out.add(new FlyRelease(r.path("Version").asInt(), JsonOutput.text(r, "Status"), JsonOutput.text(r, "Description"),
                    JsonOutput.text(r.path("User"), "Email"), JsonOutput.instant(r, "CreatedAt"), JsonOutput.text(r, "ImageRef"),
                    r.path("Stable").asBoolean(false)));
        }
        out.sort(Comparator.comparingInt(FlyRelease::version).reversed());
        return out;
    }

    static FlyStatus status(String output) throws Exception {
        JsonNode root = JsonOutput.parse("flyctl status", output);
        List<FlyMachine> machines = new ArrayList<>();
        for (JsonNode m : root.path("Machines")) {
            int passing = 0, total = 0;
            for (JsonNode c : m.path("checks")) {
                total++;
                if ("passing".equals(JsonOutput.text(c, "status"))) passing++;
            }
            JsonNode ref = m.path("image_ref");
            String image = ref.isMissingNode() ? JsonOutput.text(m.path("config"), "image")
                    : JsonOutput.text(ref, "repository") + ":" + JsonOutput.text(ref, "tag");
            machines.add(new FlyMachine(JsonOutput.text(m, "id"), JsonOutput.text(m, "state"), JsonOutput.text(m, "region"), image,
                    JsonOutput.text(m.path("config").path("metadata"), "fly_release_version"), passing, total));
        }
        return new FlyStatus(JsonOutput.text(root, "Name"), JsonOutput.text(root, "Status"), root.path("Deployed").asBoolean(false),
                JsonOutput.text(root, "Hostname"), root.path("Version").asInt(), machines);
    }
}
