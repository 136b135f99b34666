package dev.runbook.integrations.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SDK client per distinct {@link S3Settings}, built on first use and kept for the life of the process (steps of
 * a run and REPL evaluations share it). Only this class names SDK types, so nothing loads the SDK before a call.
 */
final class S3Clients {
    private static final Map<S3Settings, S3Client> CLIENTS = new ConcurrentHashMap<>();

    private S3Clients() {}

    static S3Client get(S3Settings settings) {
        return CLIENTS.computeIfAbsent(settings, S3Clients::build);
    }

    private static S3Client build(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(credentials(s))
                .region(region(s))
                .forcePathStyle(s.pathStyle());
        if (s.endpoint() != null) {
            b.endpointOverride(URI.create(s.endpoint()));
            // S3-compatible stores do not all accept the checksums the SDK adds by default since 2.30.
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKey() != null) {
            if (s.secretKey() == null) {
                throw new IllegalArgumentException("an access key without a secret key — pass secretKey: or set AWS_SECRET_ACCESS_KEY");
            }
            return StaticCredentialsProvider.create(s.sessionToken() == null
                    ? AwsBasicCredentials.create(s.accessKey(), s.secretKey())
                    : AwsSessionCredentials.create(s.accessKey(), s.secretKey(), s.sessionToken()));
        }
        if (s.profile() != null) return ProfileCredentialsProvider.create(s.profile());
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region region(S3Settings s) {
        if (s.region() != null) return Region.of(s.region());
        // S3-compatible stores ignore the region but the signer needs one; R2 documents "auto", MinIO "us-east-1".
        if (s.endpoint() != null) return Region.US_EAST_1;
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no AWS region — pass region: 'eu-west-1' or set AWS_REGION");
        }
    }
}
