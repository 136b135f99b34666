package dev.runbook.integrations.s3;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK calls behind {@link S3Integration}, with the SDK's errors turned into one readable line. The only class
 * besides {@link S3Clients} that names SDK types, so the SDK loads on the first call and not before.
 */
final class S3Operations {
    /** How much of a version one part of a restoring multipart copy carries (S3 allows 5 MB to 5 GB). */
    static final long PART_SIZE = 1024L * 1024 * 1024;
    /** User metadata a restored version carries: the id of the version it was copied from. */
    static final String RESTORED_FROM = "restored-from-version";

    private final S3Client client;

    private S3Operations(S3Client client) {
        this.client = client;
    }

    static S3Operations on(S3Settings settings) {
        try {
            return new S3Operations(S3Clients.get(settings));
        } catch (SdkClientException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every object under the prefix, all pages. */
    List<S3ObjectInfo> list(String bucket, String prefix) {
        return translate(() -> {
            List<S3ObjectInfo> out = new ArrayList<>();
            client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(o -> {
                var keyTime = KeyTimestamps.of(o.key());
                out.add(new S3ObjectInfo(bucket, o.key(), o.size() == null ? 0 : o.size(), o.lastModified(),
                        keyTime.orElse(o.lastModified()), keyTime.isPresent() ? "key" : "lastModified", o.eTag()));
            });
            return out;
        });
    }

    /** Downloads into a temporary file beside {@code to}, then moves it in place: no half-written backup is left. */
    S3Transfer download(String bucket, String key, Path to) {
        return translate(() -> {
            Path dir = to.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + to.getFileName(), ".part");
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(r -> r.bucket(bucket).key(key))) {
                long size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Long expected = in.response().contentLength();
                // a connection that ends early must not leave a short file that looks like the object
                if (expected != null && size != expected) {
                    throw new java.io.IOException("the download of s3://" + bucket + "/" + key + " ended after " + size + " of "
                            + expected + " bytes; no file was written");
                }
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new S3Transfer("download", bucket, key, to.toFile(), size, in.response().versionId(), false);
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    S3Transfer upload(Path file, String bucket, String key, String contentType) {
        return translate(() -> {
            long size = Files.size(file);
            PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key);
            if (contentType != null) req.contentType(contentType);
            PutObjectResponse r = client.putObject(req.build(), RequestBody.fromFile(file));
            return new S3Transfer("upload", bucket, key, file.toFile(), size, r.versionId(), false);
        });
    }

    /** The versions and delete markers of exactly this key, newest first. */
    List<S3Version> versions(String bucket, String key) {
        return translate(() -> {
            List<S3Version> out = new ArrayList<>();
            client.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key)).forEach(page -> {
                page.versions().stream().filter(v -> key.equals(v.key())).forEach(v -> out.add(new S3Version(bucket, key,
                        v.versionId(), v.lastModified(), v.size() == null ? 0 : v.size(), Boolean.TRUE.equals(v.isLatest()), false)));
                page.deleteMarkers().stream().filter(d -> key.equals(d.key())).forEach(d -> out.add(new S3Version(bucket, key,
                        d.versionId(), d.lastModified(), 0, Boolean.TRUE.equals(d.isLatest()), true)));
            });
            out.sort(Comparator.comparing(S3Version::lastModified).reversed()
                    .thenComparing(v -> !v.latest()));
            return out;
        });
    }

    /**
     * Makes an old version current again with a server-side multipart copy of it onto the key (parts of at most
     * {@link #PART_SIZE}, so versions over the 5 GB single-copy limit work too). A multipart upload rather than
     * CopyObject because some stores (S3Mock among them) treat a copy onto the same key as a metadata update and keep
     * the current content. The new version keeps the old one's content type and metadata, plus
     * {@code restored-from-version}.
     */
    S3Transfer copyVersion(String bucket, String key, S3Version version) {
        return translate(() -> {
            HeadObjectResponse head = client.headObject(h -> h.bucket(bucket).key(key).versionId(version.versionId()));
            Map<String, String> metadata = new LinkedHashMap<>(head.metadata());
            metadata.put(RESTORED_FROM, version.versionId());
            String uploadId = client.createMultipartUpload(c -> c.bucket(bucket).key(key).metadata(metadata)
                    .contentType(head.contentType()).contentEncoding(head.contentEncoding())
                    .contentDisposition(head.contentDisposition()).cacheControl(head.cacheControl())).uploadId();
            try {
                long size = head.contentLength();
                List<CompletedPart> parts = new ArrayList<>();
                for (long from = 0, n = 1; from < size || n == 1; from += PART_SIZE, n++) {
                    int part = (int) n;
                    String range = size == 0 ? null : "bytes=" + from + "-" + (Math.min(size, from + PART_SIZE) - 1);
                    var copied = client.uploadPartCopy(u -> u.sourceBucket(bucket).sourceKey(key).sourceVersionId(version.versionId())
                            .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(part).copySourceRange(range));
                    parts.add(CompletedPart.builder().partNumber(part).eTag(copied.copyPartResult().eTag()).build());
                    if (size == 0) break;
                }
                var done = client.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                return new S3Transfer("restoreVersion", bucket, key, null, size, done.versionId(), false);
            } catch (RuntimeException e) {
                // leave no half-made upload behind (it would be billed, and hidden from listings)
                try {
                    client.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    /** The SDK lists every credential provider it tried, at length; the operator needs the fix. */
    static String clientProblem(SdkClientException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.toLowerCase(java.util.Locale.ROOT).contains("credentials")) {
            return "no usable AWS credentials — set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the"
                    + " environment, or pass accessKey: and secretKey: (or profile:)";
        }
        return m;
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** The store's own words ("The specified bucket does not exist (NoSuchBucket)"), not the SDK's request ids. */
    private static <T> T translate(Call<T> call) {
        try {
            return call.run();
        } catch (AwsServiceException e) {
            var details = e.awsErrorDetails();
            String message = details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "HTTP " + e.statusCode();
            throw new IllegalStateException(message + " (" + code + ")", e);
        } catch (SdkClientException e) {
            throw new IllegalStateException(clientProblem(e), e);
        } catch (IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage(), e);
        }
    }
}
