package dev.runbook.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code runbook submit --k8s} creates: a ConfigMap with the runbook (and the files it needs: its team file,
 * the runbooks it includes by path) and a Job that runs {@code runbook exec} on it against the shared journal. The
 * Job never retries (backoffLimit 0): a runbook that failed half-way must be looked at and resumed, not run again.
 *
 * @param name      the Job's and the ConfigMap's name
 * @param files     path relative to the runbook's folder → content; the first one is the runbook
 * @param args      the arguments of {@code runbook} in the container: exec, the file, params, flags
 * @param secrets   Kubernetes Secrets whose keys become environment variables (the runbook's secrets, PGPASSWORD)
 * @param deadline  the Job's activeDeadlineSeconds; null: none
 */
record JobManifest(String namespace, String name, String runbook, String image, Map<String, String> files, List<String> args,
                   List<String> secrets, String serviceAccount, String submittedBy, Duration deadline) {
    static final String MOUNT = "/runbook";
    static final int KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

    Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("app.kubernetes.io/name", "runbook");
        l.put("app.kubernetes.io/managed-by", "runbook-submit");
        l.put("runbook.dev/runbook", runbook);
        return l;
    }

    ConfigMap configMap() {
        Map<String, String> data = new LinkedHashMap<>();
        int i = 0;
        for (String content : files.values()) data.put("file-" + i++, content);
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels()).endMetadata()
                .withData(data).build();
    }

    Job job() {
        // ConfigMap keys cannot hold folders: each file is mounted back at its path relative to the runbook
        List<KeyToPath> items = new ArrayList<>();
        int i = 0;
        for (String path : files.keySet()) items.add(new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey("file-" + i++).withPath(path).build());
        List<EnvFromSource> envFrom = secrets.stream()
                .map(s -> new EnvFromSourceBuilder().withNewSecretRef().withName(s).endSecretRef().build()).toList();
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels())
                    .addToAnnotations("runbook.dev/submitted-by", submittedBy).endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withTtlSecondsAfterFinished(KEEP_FINISHED_SECONDS)
                    .withActiveDeadlineSeconds(deadline == null ? null : deadline.toSeconds())
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels()).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(serviceAccount)
                            .addNewContainer()
                                .withName("runbook")
                                .withImage(image)
                                .withArgs(args)
                                .withWorkingDir(MOUNT)
                                .addNewEnv().withName("RUNBOOK_SUBMITTED_BY").withValue(submittedBy).endEnv()
                                .withEnvFrom(envFrom)
                                .addNewVolumeMount().withName("runbook").withMountPath(MOUNT).withReadOnly(true).endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("runbook")
                                .withNewConfigMap().withName(name).withItems(items).endConfigMap()
                            .endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
