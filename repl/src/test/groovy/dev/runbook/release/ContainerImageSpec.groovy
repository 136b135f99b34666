package dev.runbook.release

import dev.runbook.integrations.testing.PrivateDockerEngine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * docker/Dockerfile, built on the private dockerd from scripts/release's tarball. No registry is reachable, so the
 * base image is the one docker/local-base-image.sh makes from this machine's JDK (jlink), busybox and bash
 * (BASE_IMAGE build argument); then `docker run IMAGE --version` and an exec of a small runbook inside the image.
 */
@Requires(value = { PrivateDockerEngine.runnable() && new File(System.getProperty('java.home'), 'bin/jlink').exists() },
        reason = 'needs dockerd, docker, busybox-static and root (.ci/install-docker.sh), and a JDK with jlink')
class ContainerImageSpec extends Specification {
    @Shared PrivateDockerEngine engine
    @Shared String image = "local/runbook:${ReleaseBuild.VERSION}"
    @Shared Map built
    @TempDir Path dir

    def setupSpec() {
        engine = PrivateDockerEngine.get()
        def env = engine.environment() + [JAVA_HOME: System.getProperty('java.home')]
        def base = ReleaseBuild.run([ReleaseBuild.ROOT.resolve('docker/local-base-image.sh').toString(), 'local/runbook-base:jdk'], ReleaseBuild.ROOT, env, 600)
        assert base.exitCode == 0: base.output
        // the build context as .dockerignore makes it from the repository root: dist/ with the release tarball
        def context = Files.createTempDirectory('runbook-image-')
        Files.createDirectories(context.resolve('dist'))
        Files.copy(ReleaseBuild.tarball(), context.resolve("dist/${ReleaseBuild.tarball().fileName}"))
        built = ReleaseBuild.run(['docker', 'build', '--network', 'host', '-f', ReleaseBuild.ROOT.resolve('docker/Dockerfile').toString(),
                                  '--build-arg', 'BASE_IMAGE=local/runbook-base:jdk', '--build-arg', "VERSION=${ReleaseBuild.VERSION}".toString(),
                                  '-t', image, context.toString()], context, env + [DOCKER_BUILDKIT: '0'], 900)
        context.toFile().deleteDir()
    }

    def "docker/Dockerfile builds on the local base image"() {
        expect:
        built.exitCode == 0
        built.output.contains("Successfully tagged ${image}")
    }

    def "docker run IMAGE --version names the release and its commit, as a non-root user"() {
        when:
        def run = engine.cli('run', '--rm', '--network', 'none', image, '--version')
        def user = engine.cli('run', '--rm', '--network', 'none', '--entrypoint', 'id', image, '-u')

        then:
        run.exitCode == 0
        run.output.trim() ==~ /runbook ${ReleaseBuild.VERSION} \(commit ([0-9a-f]{12}|unknown), Groovy [\d.]+, Java \d+\)/
        user.output.trim() == '10001'
    }

    def "an exec of a small runbook mounted at /runbook runs its steps in the image"() {
        given:
        Files.writeString(dir.resolve('hello.groovy'), '''\
            runbook('hello') {
                param 'who', required: true
                step('Greet') { sh "echo hello from the image, ${params.who}" }
                step('Where') { sh 'echo "java: $JAVA_HOME"' }
            }
            '''.stripIndent())
        dir.toFile().setReadable(true, false)
        dir.toFile().setExecutable(true, false) // the image runs as uid 10001
        dir.resolve('hello.groovy').toFile().setReadable(true, false)

        when:
        def run = engine.cli('run', '--rm', '--network', 'none', '-v', "${dir}:/runbook:ro".toString(), image,
                'exec', 'hello.groovy', '-p', 'who=ops', '--yes', '--journal', '/tmp/runs')

        then:
        run.exitCode == 0
        run.output.contains('hello from the image, ops')
        run.output.contains('java: /opt/java')
    }
}
