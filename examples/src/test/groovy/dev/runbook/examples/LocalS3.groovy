package dev.runbook.examples

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.s3.S3Client
import com.adobe.testing.s3mock.S3MockApplication
import org.apache.catalina.connector.Connector
import org.springframework.beans.factory.config.BeanPostProcessor

import java.nio.file.Files

/**
 * Adobe S3Mock in the test JVM (as stdlib-runbooks' S3 specs run it): a real S3 API on 127.0.0.1 for the runbook
 * process to talk to, started once, stopped when the JVM exits.
 */
final class LocalS3 {
    static final String ACCESS_KEY = 'examples-test-key'
    static final String SECRET_KEY = 'examples-test-secret-4c1d'

    private static S3MockApplication app

    private LocalS3() {}

    static synchronized String endpoint() {
        if (app == null) {
            // the CLI's slf4j-nop is on this class path too: Spring Boot must not insist on its logback
            System.setProperty('org.springframework.boot.logging.LoggingSystem', 'none')
            def root = Files.createTempDirectory('examples-s3mock-')
            app = S3MockApplication.start([
                    'server.address'                     : '127.0.0.1',
                    (S3MockApplication.PROP_HTTPS_PORT)  : 0,
                    (S3MockApplication.PROP_HTTP_PORT)   : 0,
                    'com.adobe.testing.s3mock.store.root': root.toString(),
                    (S3MockApplication.PROP_SILENT)      : true,
                    'spring.main.banner-mode'            : 'off',
                    // S3Mock adds its plain-HTTP connector itself, ignoring server.address: bind that one here.
                    'spring.main.sources'                : LoopbackConnectors.name,
            ])
            Runtime.runtime.addShutdownHook(new Thread({ app.stop() }, 'examples-s3mock-stop'))
        }
        "http://127.0.0.1:${app.httpPort}"
    }

    /** The AWS variables the runbook's s3 integration reads. */
    /** A client of the S3Mock this JVM runs, with the keys it accepts. */
    static S3Client client() {
        S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()
    }

    static Map<String, String> env() {
        [AWS_ENDPOINT_URL_S3: endpoint(), AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_REGION: 'us-east-1']
    }

    static class LoopbackConnectors implements BeanPostProcessor {
        @Override
        Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof Connector) bean.setProperty('address', '127.0.0.1')
            bean
        }
    }
}
