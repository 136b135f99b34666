package dev.runbook.cli;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.compile.TeamFiles;
import dev.runbook.engine.Inputs;
import dev.runbook.integrations.k8s.K8sClients;
import dev.runbook.model.Include;
import dev.runbook.model.Runbook;
import dev.runbook.model.SecretRef;
import dev.runbook.model.Severity;
import dev.runbook.term.Compilers;
import dev.runbook.term.DurationOption;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code runbook submit FILE --k8s NAMESPACE --journal jdbc:postgresql://…}: runs the runbook as a Kubernetes Job
 * instead of on this machine, recording into the shared journal, so that the team follows, approves and resumes it
 * from anywhere ({@code runbook runs / approve / resume --journal …}). The file is checked and its params validated
 * here first: nothing is submitted that would be refused in the cluster.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Run a runbook as a Kubernetes Job against the shared PostgreSQL journal.")
public final class SubmitCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMddHHmmss").withZone(ZoneOffset.UTC);

    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "the runbook file")
    Path file;
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "a param value; repeat for each")
    Map<String, String> params = new LinkedHashMap<>();
    @Option(names = "--k8s", paramLabel = "NAMESPACE", required = true, description = "the namespace to run the Job in")
    String namespace;
    @Option(names = "--journal", paramLabel = "JDBC-URL", description = "the shared journal (jdbc:postgresql://host/db); "
            + "required: the Job's own disk is gone when it ends")
    String journal;
    @Option(names = "--image", paramLabel = "IMAGE", description = "the runbook image (default: $RUNBOOK_IMAGE, else the image "
            + "this release was built for, if it names one; docker/Dockerfile builds one)")
    String image;
    @Option(names = "--secret", paramLabel = "NAME", description = "a Kubernetes Secret whose keys become the run's "
            + "environment (the runbook's secrets, PGPASSWORD); repeat for each")
    List<String> secrets = new ArrayList<>();
    @Option(names = "--service-account", paramLabel = "NAME", description = "the pod's service account (for runbooks that act on the cluster)")
    String serviceAccount;
    @Option(names = "--severity", paramLabel = "P0..P3", converter = SeverityOption.class,
            description = "this incident's severity (default: the runbook's)")
    Severity severity;
    @Option(names = "--approved-by", paramLabel = "NAME", split = ",", description = "pre-approved automation, as for exec")
    List<String> approvedBy = new ArrayList<>();
    @Option(names = {"-y", "--yes"}, description = "confirm manual items and confirmations without asking (a Job has no terminal)")
    boolean yes;
    @Option(names = "--deadline", paramLabel = "DURATION", converter = DurationOption.class,
            description = "stop the Job after this long: 90m, 2h")
    Duration deadline;
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "default: $KUBECONFIG, ~/.kube/config, or in-cluster")
    Path kubeconfig;
    @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: its current one)")
    String context;
    @Option(names = "--operator", paramLabel = "NAME", description = "who submits it (default: the OS user)")
    String operator;
    @Option(names = "--dry-run", description = "print the ConfigMap and Job as YAML; create nothing")
    boolean dryRun;

    public SubmitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (journal == null || !journal.startsWith("jdbc:postgresql:")) {
            io.err().println("runbook: submit needs the shared journal — add --journal jdbc:postgresql://HOST/DB"
                    + " (a Job's own disk is gone when it ends, and the team follows and approves the run there)");
            return ExitCodes.BAD_INPUT;
        }
        if (journal.toLowerCase(Locale.ROOT).contains("password=")) {
            io.err().println("runbook: the journal URL holds a password, and a Job's spec is readable by whoever can list Jobs"
                    + " — put it in a Kubernetes Secret (key PGPASSWORD) and add --secret NAME");
            return ExitCodes.BAD_INPUT;
        }
        // refused here, not left to the cluster: a Job whose image does not exist fails only later (ImagePullBackOff)
        Optional<String> imageName = imageName();
        if (imageName.isEmpty()) {
            io.err().println("runbook submit: no image to run the job with — give --image REF or set RUNBOOK_IMAGE (docker/Dockerfile builds one)");
            return ExitCodes.BAD_INPUT;
        }
        RunbookCompiler compiler = Compilers.of(io);
        Runbook runbook = compiler.compile(file);
        // the params are checked here; the secrets live in the cluster, so they are taken as set
        Map<String, String> assumed = new LinkedHashMap<>(io.env());
        for (SecretRef s : runbook.secrets()) assumed.putIfAbsent(s.name(), "set-in-the-cluster");
        Inputs.resolve(runbook, params, assumed);

        Map<String, String> files;
        try {
            files = filesOf(runbook);
        } catch (IllegalArgumentException | IOException e) {
            io.err().println("runbook: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        String who = operator != null ? operator : System.getProperty("user.name", "unknown");
        JobManifest m = new JobManifest(namespace, jobName(runbook.name()), runbook.name(), imageName.get(), files,
                args(who), List.copyOf(secrets), serviceAccount, who, deadline);
        if (dryRun) {
            io.out().print(Serialization.asYaml(m.configMap()));
            io.out().print(Serialization.asYaml(m.job()));
            return ExitCodes.OK;
        }
        try (KubernetesClient client = client()) {
            ConfigMap cm = client.configMaps().inNamespace(namespace).resource(m.configMap()).create();
            Job job = client.batch().v1().jobs().inNamespace(namespace).resource(m.job()).create();
            if (job.getMetadata().getUid() != null) {
                // the ConfigMap goes when the Job goes (ttlSecondsAfterFinished)
                cm.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).build()));
                client.configMaps().inNamespace(namespace).resource(cm).update();
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            io.err().println("runbook: cannot create the Job in namespace " + namespace + ": " + firstLine(e.getMessage()));
            return ExitCodes.ENVIRONMENT;
        }
        io.out().println("Submitted " + m.name() + " to namespace " + namespace + " (image " + m.image() + ")");
        io.out().println("  follow it   kubectl logs -f job/" + m.name() + " -n " + namespace);
        io.out().println("  its run     runbook runs --journal " + journal);
        io.out().println("  approve     runbook approve RUN --as NAME --journal " + journal);
        return ExitCodes.OK;
    }

    /** The runbook, its team file, and the files it includes by path, by their path relative to the runbook's folder. */
    private Map<String, String> filesOf(Runbook runbook) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        var team = TeamFiles.find(file, Path.of(""));
        // mounted beside the runbook, where exec looks first
        if (team.isPresent()) files.put(TeamFiles.BESIDE, Files.readString(team.get(), StandardCharsets.UTF_8));
        Path base = file.toAbsolutePath().getParent();
        addIncludes(runbook, base, base, files);
        return files;
    }

    private static void addIncludes(Runbook rb, Path dir, Path base, Map<String, String> files) throws IOException {
        for (var node : rb.nodes()) {
            if (!(node instanceof Include inc) || inc.ref().startsWith("stdlib:")) continue;
            Path included = dir.resolve(inc.ref()).normalize();
            if (!included.startsWith(base)) {
                throw new IllegalArgumentException("'" + inc.ref() + "' is outside the runbook's folder, and a Job only gets"
                        + " that folder — move the included file beside the runbook or below it");
            }
            files.put(base.relativize(included).toString(), Files.readString(included, StandardCharsets.UTF_8));
            if (inc.target() != null) addIncludes(inc.target(), included.getParent(), base, files);
        }
    }

    private List<String> args(String who) {
        List<String> a = new ArrayList<>(List.of("exec", file.getFileName().toString()));
        params.forEach((k, v) -> a.addAll(List.of("-p", k + "=" + v)));
        a.addAll(List.of("--journal", journal, "--operator", who));
        if (severity != null) a.addAll(List.of("--severity", severity.name()));
        if (!approvedBy.isEmpty()) a.addAll(List.of("--approved-by", String.join(",", approvedBy)));
        if (yes) a.add("--yes");
        return a;
    }

    /** --image, else $RUNBOOK_IMAGE, else the image this release was built for; empty when none of them names one. */
    private Optional<String> imageName() {
        if (image != null && !image.isBlank()) return Optional.of(image.strip());
        String fromEnv = io.env().get("RUNBOOK_IMAGE");
        return fromEnv != null && !fromEnv.isBlank() ? Optional.of(fromEnv.strip()) : ToolVersion.image();
    }

    /** rb-NAME-MMDDhhmmss-xxxx: a DNS label of at most 63 characters, unique per submission. */
    static String jobName(String runbook) {
        String slug = runbook.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        String suffix = "-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        int room = 63 - "rb-".length() - suffix.length();
        if (slug.length() > room) slug = slug.substring(0, room).replaceAll("-+$", "");
        return "rb-" + slug + suffix;
    }

    private KubernetesClient client() {
        String path = kubeconfig != null ? kubeconfig.toString() : io.env().get("KUBECONFIG");
        return K8sClients.build(path == null || path.isBlank() ? null : path, context);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
