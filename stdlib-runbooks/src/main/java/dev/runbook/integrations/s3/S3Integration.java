package dev.runbook.integrations.s3;

import dev.runbook.engine.IntegrationContext;
import dev.runbook.integrations.support.CallJournal;
import dev.runbook.integrations.support.Instants;
import dev.runbook.integrations.support.NamedOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code s3} inside a step: list, find the backup to restore, download, upload, and bring back an old version of an
 * object. Every call takes the connection options ({@code endpoint:}, {@code region:}, {@code accessKey:} ...) or
 * reads them from the environment; {@code s3.store(...)} fixes them once for several calls.
 * This class only checks options and journals; {@link S3Operations} talks to the store.
 */
public final class S3Integration {
    private final IntegrationContext context;
    /** Connection options fixed by {@link #store(Map)}. */
    private final Map<String, String> preset;

    S3Integration(IntegrationContext context, Map<String, String> preset) {
        this.context = context;
        this.preset = Map.copyOf(preset);
    }

    /**
     * The same calls against one store: {@code def r2 = s3.store(endpoint: "https://ACCOUNT.r2.cloudflarestorage.com",
     * region: 'auto', accessKey: secrets.R2_KEY, secretKey: secrets.R2_SECRET)}.
     */
    public S3Integration store(Map<String, Object> options) {
        NamedOptions o = NamedOptions.of("s3.store", options, S3Settings.KEYS);
        Map<String, String> merged = new LinkedHashMap<>(preset);
        for (String k : S3Settings.KEYS) if (o.has(k)) merged.put(k, o.string(k));
        return new S3Integration(context, merged);
    }

    // ---- list / latest -------------------------------------------------------------------------------------------

    public List<S3ObjectInfo> list(String bucket) {
        return list(Map.of(), bucket);
    }

    /** Every object under {@code prefix:} (all pages), in key order. */
    public List<S3ObjectInfo> list(Map<String, Object> options, String bucket) {
        NamedOptions o = options("s3.list", options, "prefix");
        String prefix = o.string("prefix", "");
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        return journal(s).call("list", uri(bucket, prefix), "list", extra, () -> {
            List<S3ObjectInfo> all = S3Operations.on(s).list(bucket, prefix);
            extra.put("count", all.size());
            return all;
        });
    }

    public S3ObjectInfo latest(String bucket) {
        return latest(Map.of(), bucket);
    }

    /**
     * The newest object under {@code prefix:} (ending in {@code suffix:}) taken strictly before {@code before:} —
     * the backup to restore, the newest one older than the incident. "Taken" is the timestamp in the key when there
     * is one ({@code backups/2024/01/15/shop_20240115T031500Z.sql.gz}), otherwise the object's last-modified time.
     * Fails when there is none, naming what was there.
     */
    public S3ObjectInfo latest(Map<String, Object> options, String bucket) {
        NamedOptions o = options("s3.latest", options, "prefix", "before", "suffix");
        String prefix = o.string("prefix", "");
        String suffix = o.string("suffix", "");
        Instant before = o.has("before") ? Instants.of("s3.latest", "before", o.raw("before")) : null;
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        if (before != null) extra.put("before", before.toString());
        CallJournal journal = journal(s);
        return journal.call("latest", uri(bucket, prefix), "latest", extra, () -> {
            List<S3ObjectInfo> all = S3Operations.on(s).list(bucket, prefix).stream()
                    .filter(x -> x.key().endsWith(suffix)).toList();
            Optional<S3ObjectInfo> best = all.stream()
                    .filter(x -> before == null || x.time().isBefore(before))
                    .max(Comparator.comparing(S3ObjectInfo::time).thenComparing(S3ObjectInfo::key));
            if (best.isEmpty()) throw journal.failure(nothingBefore(bucket, prefix, suffix, before, all));
            extra.put("key", best.get().key());
            return best.get();
        });
    }

    private static String nothingBefore(String bucket, String prefix, String suffix, Instant before, List<S3ObjectInfo> all) {
        String where = uri(bucket, prefix) + (suffix.isEmpty() ? "" : " ending in '" + suffix + "'");
        if (all.isEmpty()) return "no object under " + where + " — check the bucket and prefix with s3.list";
        S3ObjectInfo oldest = all.stream().min(Comparator.comparing(S3ObjectInfo::time)).orElseThrow();
        return "no object under " + where + " older than " + before + " — " + all.size()
                + " there, the oldest taken " + oldest.time() + " (" + oldest.key() + ")";
    }

    // ---- download / upload ---------------------------------------------------------------------------------------

    public S3Transfer download(String bucket, String key) {
        return download(Map.of(), bucket, key);
    }

    /**
     * Downloads to {@code to:} (a file, or a folder to put it in; relative to the current folder as for sh; by
     * default the run's folder, where a run keeps its artifacts). The file appears
     * only once complete. Not done in a dry run.
     */
    public S3Transfer download(Map<String, Object> options, String bucket, String key) {
        NamedOptions o = options("s3.download", options, "to");
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path to = target(o.path("to"), o.string("to", ""), name);
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        extra.put("file", to.toString());
        CallJournal journal = journal(s);
        if (context.dryRun()) {
            journal.dryRun("download", uri(bucket, key), extra);
            context.wouldMake(dev.runbook.engine.WouldBe.file(to)); // a restore from it later in this dry run goes on
            return new S3Transfer("download", bucket, key, to.toFile(), 0, null, true);
        }
        return journal.call("download", uri(bucket, key), "download", extra, () -> {
            S3Transfer t = S3Operations.on(s).download(bucket, key, to);
            extra.put("bytes", t.size());
            return t;
        });
    }

    private Path target(Path given, String text, String name) {
        if (given == null) return context.workdir().resolve(name);
        Path p = given.toAbsolutePath();
        boolean folder = Files.isDirectory(p) || text.endsWith("/") || text.endsWith(java.io.File.separator);
        return folder ? p.resolve(name) : p;
    }

    public S3Transfer upload(Object file, String bucket, String key) {
        return upload(Map.of(), file, bucket, key);
    }

    /** Uploads a local file (a relative path is from the current folder, as for sh); {@code contentType:} optional. Not done in a dry run. */
    public S3Transfer upload(Map<String, Object> options, Object file, String bucket, String key) {
        NamedOptions o = options("s3.upload", options, "contentType");
        Path path = NamedOptions.of("s3.upload", Map.of("file", file), List.of("file")).path("file");
        Path from = path.toAbsolutePath();
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        extra.put("file", from.toString());
        CallJournal journal = journal(s);
        if (context.dryRun()) {
            journal.dryRun("upload", uri(bucket, key), extra);
            return new S3Transfer("upload", bucket, key, from.toFile(), 0, null, true);
        }
        return journal.call("upload", uri(bucket, key), "upload of " + from, extra, () -> {
            if (!Files.isRegularFile(from)) throw journal.failure("upload of " + from + " failed: there is no such file");
            S3Transfer t = S3Operations.on(s).upload(from, bucket, key, o.string("contentType"));
            extra.put("bytes", t.size());
            if (t.versionId() != null) extra.put("versionId", t.versionId());
            return t;
        });
    }

    // ---- versions ------------------------------------------------------------------------------------------------

    public List<S3Version> versions(String bucket, String key) {
        return versions(Map.of(), bucket, key);
    }

    /** The versions of one object in a versioned bucket, newest first, delete markers included. */
    public List<S3Version> versions(Map<String, Object> options, String bucket, String key) {
        NamedOptions o = options("s3.versions", options);
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        return journal(s).call("versions", uri(bucket, key), "versions", extra, () -> {
            List<S3Version> all = S3Operations.on(s).versions(bucket, key);
            extra.put("count", all.size());
            return all;
        });
    }

    public S3Transfer restoreVersion(String bucket, String key, String versionId) {
        return restoreVersion(Map.of(), bucket, key, versionId);
    }

    /**
     * Makes an old version current again by copying it over the key, server-side (the versions in between stay in
     * the history; the new version's metadata says {@code restored-from-version}).
     * The version is checked in a dry run too; only the copy is skipped.
     */
    public S3Transfer restoreVersion(Map<String, Object> options, String bucket, String key, String versionId) {
        NamedOptions o = options("s3.restoreVersion", options);
        S3Settings s = settings(o);
        Map<String, Object> extra = extra(s);
        extra.put("versionId", versionId);
        CallJournal journal = journal(s);
        String target = uri(bucket, key);
        if (context.dryRun()) {
            // Reading changes nothing, so a dry run still finds out whether the version can be restored.
            List<S3Version> all = journal.call("versions", target, "versions", extra(s), () -> S3Operations.on(s).versions(bucket, key));
            restorable(journal, target, versionId, all);
            journal.dryRun("restoreVersion", target, extra);
            return new S3Transfer("restoreVersion", bucket, key, null, 0, null, true);
        }
        return journal.call("restoreVersion", target, "restoreVersion", extra, () -> {
            S3Operations ops = S3Operations.on(s);
            S3Version version = restorable(journal, target, versionId, ops.versions(bucket, key));
            S3Transfer t = ops.copyVersion(bucket, key, version);
            if (t.versionId() != null) extra.put("newVersionId", t.versionId());
            return t;
        });
    }

    /** The version to copy, or a failure that lists the versions that could be restored instead. */
    private static S3Version restorable(CallJournal journal, String target, String versionId, List<S3Version> all) {
        S3Version version = all.stream().filter(v -> v.versionId().equals(versionId)).findFirst().orElse(null);
        String why = null;
        if (version == null) why = "there is no version '" + versionId + "'";
        else if (version.deleteMarker()) why = "version '" + versionId + "' is a delete marker, not content";
        if (why == null) return version;
        List<String> ids = all.stream().filter(v -> !v.deleteMarker()).limit(5).map(S3Version::versionId).toList();
        throw journal.failure("restoreVersion of " + target + " failed: " + why
                + (ids.isEmpty() || version != null ? "" : " — versions with content, newest first: " + String.join(", ", ids)));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static NamedOptions options(String call, Map<String, Object> given, String... own) {
        List<String> allowed = Stream.concat(Stream.of(own), S3Settings.KEYS.stream()).toList();
        return NamedOptions.of(call, given, allowed);
    }

    private S3Settings settings(NamedOptions o) {
        return S3Settings.resolve(o, preset, context.environment());
    }

    private CallJournal journal(S3Settings s) {
        return new CallJournal(context, "s3").hiding(s.credentials());
    }

    private static Map<String, Object> extra(S3Settings s) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("endpoint", s.where());
        return extra;
    }

    private static String uri(String bucket, String key) {
        return "s3://" + bucket + "/" + (key == null ? "" : key);
    }
}
