package dev.runbook.examples

import spock.lang.IgnoreIf
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.zip.ZipFile
import javax.xml.parsers.DocumentBuilderFactory

/**
 * A team's own Maven build runs its runbook specs on the published artifacts: examples/maven-team (a team's
 * project: a POM on runbook-team-parent, runbook-testing and runbook-stdlib as test dependencies, runbooks with
 * their specs) is built by a Maven of its own, as a team's CI would.
 * <ul>
 * <li>offline, against the local repository this build installed into;</li>
 * <li>from the file-system repository this build deployed to (pom.xml: deploy-check), in an empty local repository
 *     that may fetch everything else from a copy of the local repository without Runbook's artifacts: a POM of
 *     ours that names an undeployed parent, an unresolvable property or a missing artifact fails it.</li>
 * </ul>
 */
class MavenTeamProjectSpec extends Specification {
    static final Path TEAM_PROJECT = Path.of('examples/maven-team').toAbsolutePath()   // surefire runs at the top
    static final String VERSION = System.getProperty('runbook.version')
    static final Path LOCAL_REPO = Path.of(System.getProperty('runbook.maven.localRepository'))
    static final Path DEPLOY_REPO = Path.of(System.getProperty('runbook.deployCheckRepository'))
    static final Path MVN = Path.of(System.getProperty('runbook.maven.home'), 'bin', 'mvn')

    @TempDir Path tmp

    def "the team's specs pass with mvn -o test against the runbook-testing and runbook-stdlib this build installed"() {
        given:
        Path project = copyTeamProject()

        when:
        def build = mvn(project, '-o', "-Dmaven.repo.local=$LOCAL_REPO")

        then:
        build.exitCode == 0
        build.output.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
        testsIn(project, 'RestartApiSpec') == [tests: 2, failures: 0]
        testsIn(project, 'StandardRollbackSpec') == [tests: 1, failures: 0]   // stdlib:k8s/rollout-undo from the jar
    }

    def "a failing spec fails the team's build, naming the feature"() {
        given:
        Path project = copyTeamProject()
        Files.writeString(project.resolve('runbooks/WrongServiceSpec.groovy'), '''
            import dev.runbook.testing.RunbookSpecification
            class WrongServiceSpec extends RunbookSpecification {
                def "restarts the web service"() {
                    given:
                    load 'restart-api.groovy'
                    shell.on(~/systemctl .*/) { stdout 'ok' }
                    http.get(_) >> [status: 200]
                    when:
                    run(service: 'api')
                    then:
                    ran 'systemctl restart web'
                }
            }'''.stripIndent())

        when:
        def build = mvn(project, '-o', "-Dmaven.repo.local=$LOCAL_REPO")

        then:
        build.exitCode != 0
        build.output.contains('BUILD FAILURE')
        build.output.contains('Tests run: 4, Failures: 1')
        build.output.contains('WrongServiceSpec.restarts the web service')
        testsIn(project, 'WrongServiceSpec') == [tests: 1, failures: 1]
    }

    @Requires(value = { MavenTeamProjectSpec.olderJdk() != null }, reason = 'no JDK older than 21 on this machine (the JVM folders have none)')
    def "on a JDK older than 21 the team's build stops at once and says which JDK it needs"() {
        given:
        Path project = copyTeamProject()

        when:
        def build = mvn(project, [JAVA_HOME: olderJdk().toString()], '-o', "-Dmaven.repo.local=$LOCAL_REPO")

        then:
        build.exitCode != 0
        build.output.contains("Runbook's test harness needs a JDK 21 or newer: run Maven with JAVA_HOME set to one.")
        !build.output.contains('maven-surefire-plugin')   // nothing compiled or ran
    }

    @IgnoreIf(value = { Boolean.getBoolean('runbook.deployCheck.skipped') && !System.getenv('RUNBOOK_REQUIRE_REAL_PARTS') },
            reason = 'the build ran offline (mvn -o), and the deploy plugin does not deploy offline: there is no deploy-check repository of this build')
    def "the deployed POMs are complete: the team's project builds from the deploy repository alone, in an empty local repository"() {
        given: 'the deployed artifacts carry sources and javadoc'
        ['runbook-dsl', 'runbook-testing', 'runbook-stdlib'].each { artifact ->
            Path dir = DEPLOY_REPO.resolve("dev/runbook/$artifact/$VERSION")
            ['.jar', '.pom', '-sources.jar', '-javadoc.jar'].each { assert Files.isRegularFile(dir.resolve("$artifact-$VERSION$it")) }
        }
        entries('runbook-testing', 'sources').contains('dev/runbook/testing/RunbookSpecification.groovy')
        entries('runbook-testing', 'javadoc').containsAll(['index.html', 'dev/runbook/testing/RunbookSpecification.html'])
        entries('runbook-dsl', 'javadoc').contains('dev/runbook/compile/StdlibCatalog.html')
        entries('runbook-stdlib', 'sources').contains('dev/runbook/stdlib/Triage.java')

        and: 'a copy of the local repository without Runbook, as Central would serve it'
        Path central = centralWithoutRunbook()
        Path settings = tmp.resolve('settings.xml')
        Files.writeString(settings, settingsXml(central))
        Path freshRepo = tmp.resolve('fresh-local-repo')
        Path project = copyTeamProject()

        when:
        def build = mvn(project, '-s', settings.toString(), "-Dmaven.repo.local=$freshRepo")

        then:
        build.exitCode == 0
        build.output.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
        ['runbook-team-parent', 'runbook-parent', 'runbook-testing', 'runbook-dsl', 'runbook-stdlib'].every {
            Files.readString(freshRepo.resolve("dev/runbook/$it/$VERSION/_remote.repositories")).contains('>deploy-check=')
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Path copyTeamProject() {
        Path to = Files.createTempDirectory(tmp, 'team-')
        Files.walk(TEAM_PROJECT).withCloseable { files ->
            files.filter { !TEAM_PROJECT.relativize(it).toString().startsWith('target') }.each { Path from ->
                Path target = to.resolve(TEAM_PROJECT.relativize(from).toString())
                if (Files.isDirectory(from)) Files.createDirectories(target) else Files.copy(from, target)
            }
        }
        to
    }

    /** Runs the team's `mvn test` with the JDK these specs run on (Runbook needs 21 or newer), output in a file. */
    private Map mvn(Path project, String... args) {
        mvn(project, [:], args)
    }

    private Map mvn(Path project, Map<String, String> env, String... args) {
        Path log = Files.createTempFile(tmp, 'mvn-', '.log')
        def command = [MVN.toString(), '-B', 'test'] + args.toList()
        def pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
        pb.environment().put('MAVEN_OPTS', '-Xmx512m')   // not the outer build's, which may name another local repository
        pb.environment().putAll(env)
        def process = pb.start()
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly()
            throw new AssertionError("mvn ${args.join(' ')} did not finish in 15 minutes; output: ${Files.readString(log)}")
        }
        String output = Files.readString(log)
        println "---- mvn ${args.join(' ')} in ${project.fileName}: exit ${process.exitValue()}\n${output.readLines().findAll { it.contains('Tests run') || it.contains('BUILD') || it.contains('ERROR') }.join('\n')}"
        [exitCode: process.exitValue(), output: output]
    }

    /** A JDK (or JRE) older than 21 in the system's JVM folder, read from its release file; null when none. */
    static Path olderJdk() {
        Path jvms = Path.of('/usr/lib/jvm')
        if (!Files.isDirectory(jvms)) return null
        Files.list(jvms).withCloseable { homes ->
            homes.filter { Files.isRegularFile(it.resolve('release')) && Files.isExecutable(it.resolve('bin/java')) }
                 .filter { Path home ->
                     def version = Files.readAllLines(home.resolve('release')).find { it.startsWith('JAVA_VERSION=') }
                     def major = version?.replaceAll(/[^0-9.]/, '')?.tokenize('.')?.first()
                     major?.isInteger() && (major as int) < 21
                 }
                 .findFirst().orElse(null)
        }
    }

    /** Tests and failures in the spec's surefire report. */
    private static Map testsIn(Path project, String spec) {
        def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(project.resolve("target/surefire-reports/TEST-${spec}.xml").toFile()).documentElement
        [tests: suite.getAttribute('tests') as int, failures: (suite.getAttribute('failures') as int) + (suite.getAttribute('errors') as int)]
    }

    private static List<String> entries(String artifact, String classifier) {
        Path jar = DEPLOY_REPO.resolve("dev/runbook/$artifact/$VERSION/$artifact-$VERSION-${classifier}.jar")
        new ZipFile(jar.toFile()).withCloseable { zip -> zip.entries().collect { it.name } }
    }

    /**
     * The local repository as a remote one, less dev/runbook: symbolic links, so nothing is copied. Outside the
     * {@code @TempDir}, whose clean-up follows links into the folders they point at: {@link #removeCentralCopy} removes
     * the links themselves, never what they point at.
     */
    private Path centralWithoutRunbook() {
        Path central = Files.createTempDirectory('runbook-central-copy-')
        centralCopy = central
        Files.createDirectories(central.resolve('dev'))
        Files.list(LOCAL_REPO).withCloseable { top ->
            top.each { Path entry ->
                if (entry.fileName.toString() != 'dev') Files.createSymbolicLink(central.resolve(entry.fileName.toString()), entry)
            }
        }
        if (Files.isDirectory(LOCAL_REPO.resolve('dev'))) {
            Files.list(LOCAL_REPO.resolve('dev')).withCloseable { groups ->
                groups.each { Path group ->
                    if (group.fileName.toString() != 'runbook') Files.createSymbolicLink(central.resolve('dev').resolve(group.fileName.toString()), group)
                }
            }
        }
        central
    }

    private Path centralCopy

    def cleanup() {
        if (centralCopy != null) removeCentralCopy(centralCopy)
    }

    /** Deletes the links and the two folders that hold them; a link is deleted as a link (Files.delete does not follow). */
    private static void removeCentralCopy(Path central) {
        [central.resolve('dev'), central].each { Path dir ->
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return
            Files.list(dir).withCloseable { entries -> entries.toList() }.each { Path entry ->
                if (Files.isSymbolicLink(entry)) Files.delete(entry)
            }
            Files.delete(dir)
        }
    }

    /** Runbook's artifacts only from the deploy repository; every other repository is the Central copy. */
    private static String settingsXml(Path central) {
        """<settings>
             <mirrors>
               <mirror><id>central-copy</id><mirrorOf>*,!deploy-check</mirrorOf><url>${central.toUri()}</url></mirror>
             </mirrors>
             <profiles>
               <profile>
                 <id>deploy-check</id>
                 <repositories>
                   <repository><id>deploy-check</id><url>${DEPLOY_REPO.toUri()}</url><snapshots><enabled>false</enabled></snapshots></repository>
                 </repositories>
               </profile>
             </profiles>
             <activeProfiles><activeProfile>deploy-check</activeProfile></activeProfiles>
           </settings>"""
    }
}
