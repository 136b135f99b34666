package dev.runbook.testing

import java.nio.file.Files
import java.nio.file.Path

/**
 * Where each real part is, read from the environment: the variables the real integrations themselves read, so
 * that a spec under {@code --real} reaches exactly what {@code runbook exec} would with the same environment.
 * A part is configured only when its variable is set: real mode never falls back to a default socket or
 * {@code ~/.kube/config}, so a spec cannot act on whatever engine or cluster the machine happens to reach.
 */
final class RealEndpoints {
    /** part → the variables that configure it (any one will do), and what to set it to. */
    static final Map<String, List<String>> VARIABLES = [
            docker: ['DOCKER_HOST'],
            pg    : ['PGHOST', 'RUNBOOK_PG_URL'],
            s3    : ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'],
            k8s   : ['KUBECONFIG', 'RUNBOOK_K8S_SERVER'],
    ].asImmutable()

    static final Map<String, String> WHAT = [
            docker: 'the Docker Engine, e.g. unix:///run/docker.sock or tcp://host:2376',
            pg    : 'the PostgreSQL server (with PGPORT, PGUSER, PGPASSWORD as libpq reads them), or RUNBOOK_PG_URL=postgresql://user@host:port/db',
            s3    : 'the S3 API, e.g. http://127.0.0.1:9090 (with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION)',
            k8s   : 'a kubeconfig file, or RUNBOOK_K8S_SERVER=the API server URL (RUNBOOK_K8S_TOKEN: its bearer token)',
    ].asImmutable()

    private final Map<String, String> env

    RealEndpoints(Map<String, String> env) {
        this.env = env
    }

    /** Parts named that real mode does not know. */
    static List<String> unknown(Collection<String> parts) {
        parts.findAll { !VARIABLES.containsKey(it) } as List<String>
    }

    /** For each part with none of its variables set: "docker: set DOCKER_HOST to …". */
    List<String> missing(Collection<String> parts) {
        parts.findAll { VARIABLES.containsKey(it) && !configured(it) }.collect { String p ->
            "${p}: set ${VARIABLES[p].join(' or ')} to ${WHAT[p]}".toString()
        }
    }

    boolean configured(String part) {
        VARIABLES[part].any { env[it]?.trim() }
    }

    /**
     * The run's environment for the real integrations: this environment; for {@code pg} given as a URL alone,
     * the libpq variables it states (the pg integration reads those); for {@code k8s} given as an API server URL
     * alone, a kubeconfig written for it (the k8s integration reads only kubeconfig files).
     */
    Map<String, String> runEnvironment(Collection<String> parts, Path scratch) {
        Map<String, String> out = new LinkedHashMap<>(env)
        if ('pg' in parts && !env.PGHOST?.trim() && env.RUNBOOK_PG_URL?.trim()) out.putAll(libpq(env.RUNBOOK_PG_URL.trim()))
        if ('k8s' in parts && !env.KUBECONFIG?.trim() && env.RUNBOOK_K8S_SERVER?.trim()) {
            Path file = scratch.resolve('kubeconfig')
            // it may hold the token: readable by this user only, and gone with the spec's run folder
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString('rw-------')))
            Files.writeString(file, kubeconfig(env.RUNBOOK_K8S_SERVER.trim(), env.RUNBOOK_K8S_TOKEN))
            out.KUBECONFIG = file.toString()
        }
        out
    }

    /**
     * PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE from {@code postgresql://user:password@host:port/db} (what it
     * states). The message of a URL that is not one never repeats it: it may hold a password.
     */
    static Map<String, String> libpq(String url) {
        URI uri
        try {
            uri = new URI(url)
        } catch (URISyntaxException ignored) {
            uri = null
        }
        if (uri == null || !(uri.scheme in ['postgresql', 'postgres']) || !uri.host) {
            throw new AssertionError('RUNBOOK_PG_URL is not a PostgreSQL URL — write postgresql://USER@HOST:PORT/DATABASE (the password in PGPASSWORD)')
        }
        Map<String, String> vars = [PGHOST: uri.host]
        if (uri.port > 0) vars.PGPORT = String.valueOf(uri.port)
        if (uri.rawUserInfo) {
            List<String> user = uri.rawUserInfo.split(':', 2) as List<String>
            vars.PGUSER = URLDecoder.decode(user[0], 'UTF-8')
            if (user.size() > 1) vars.PGPASSWORD = URLDecoder.decode(user[1], 'UTF-8')
        }
        String db = uri.path?.replaceFirst('^/', '')
        if (db) vars.PGDATABASE = db
        vars
    }

    /** A kubeconfig with one cluster, one user (the token, if any) and one current context. */
    static String kubeconfig(String server, String token) {
        String user = token?.trim() ? "  user:\n    token: \"${token.trim()}\"\n" : '  user: {}\n'
        """\
apiVersion: v1
kind: Config
clusters:
- name: real-parts
  cluster:
    server: "${server}"
users:
- name: real-parts
${user}contexts:
- name: real-parts
  context:
    cluster: real-parts
    user: real-parts
current-context: real-parts
"""
    }
}
