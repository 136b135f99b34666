package dev.runbook.integrations.s3;

import dev.runbook.integrations.support.NamedOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where and as whom to reach S3 or an S3-compatible store (MinIO, Cloudflare R2 ...). Named arguments win over the
 * run's environment ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code
 * AWS_ACCESS_KEY_ID} ...); what neither gives comes from the SDK's default chain (profile files, instance role).
 *
 * @param endpoint  null: AWS itself
 * @param pathStyle bucket in the path rather than the host name; on by default with an endpoint, as MinIO needs it
 * @param accessKey null: the SDK's credential chain (or {@code profile})
 */
record S3Settings(String endpoint, String region, boolean pathStyle, String profile, String accessKey, String secretKey,
                  String sessionToken) {
    /** The named arguments every s3 call accepts besides its own. */
    static final List<String> KEYS = List.of("endpoint", "region", "pathStyle", "profile", "accessKey", "secretKey", "sessionToken");

    static S3Settings resolve(NamedOptions options, Map<String, String> base, Map<String, String> env) {
        String endpoint = pick(options, base, "endpoint", env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        String region = pick(options, base, "region", env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String accessKey = pick(options, base, "accessKey", env.get("AWS_ACCESS_KEY_ID"));
        String secretKey = pick(options, base, "secretKey", env.get("AWS_SECRET_ACCESS_KEY"));
        String sessionToken = pick(options, base, "sessionToken", env.get("AWS_SESSION_TOKEN"));
        String profile = pick(options, base, "profile", env.get("AWS_PROFILE"));
        String pathStyleText = pick(options, base, "pathStyle");
        boolean pathStyle = pathStyleText == null ? endpoint != null : Boolean.parseBoolean(pathStyleText);
        // An explicit profile means "use that profile", not keys that happen to be in the environment.
        boolean profileNamed = options.has("profile") || base.containsKey("profile");
        if (profileNamed && !options.has("accessKey") && !base.containsKey("accessKey")) {
            accessKey = null;
            secretKey = null;
            sessionToken = null;
        }
        return new S3Settings(endpoint, region, pathStyle, profile, accessKey, secretKey, sessionToken);
    }

    private static String pick(NamedOptions options, Map<String, String> base, String key, String... fromEnv) {
        if (options.has(key)) return options.string(key);
        if (base.containsKey(key)) return base.get(key);
        return Stream.of(fromEnv).filter(Objects::nonNull).filter(s -> !s.isBlank()).findFirst().orElse(null);
    }

    /** Values that must never reach a message or the journal. */
    List<String> credentials() {
        List<String> out = new ArrayList<>();
        if (secretKey != null) out.add(secretKey);
        if (sessionToken != null) out.add(sessionToken);
        return out;
    }

    /** Where the calls go, for the journal: the endpoint, or "aws". */
    String where() {
        return endpoint == null ? "aws" : endpoint;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", profile=" + profile
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****") + "]";
    }
}
