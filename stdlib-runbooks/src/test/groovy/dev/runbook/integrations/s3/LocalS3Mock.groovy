package dev.runbook.integrations.s3

import com.adobe.testing.s3mock.S3MockApplication
import org.apache.catalina.connector.Connector
import org.springframework.beans.factory.config.BeanPostProcessor
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.s3.S3Client

import java.nio.file.Files

/**
 * Adobe S3Mock in this JVM, started once for all specs (it needs about 10 s) on 127.0.0.1 with random ports, and
 * stopped when the JVM exits. Specs use its plain-HTTP port.
 */
final class LocalS3Mock {
    static final String ACCESS_KEY = 'runbook-test-key'
    static final String SECRET_KEY = 'runbook-test-secret-9f3a'

    private static S3MockApplication app

    private LocalS3Mock() {}

    static synchronized String endpoint() {
        if (app == null) {
            def root = Files.createTempDirectory('s3mock-')
            app = S3MockApplication.start([
                    'server.address'                   : '127.0.0.1',
                    (S3MockApplication.PROP_HTTPS_PORT): 0,
                    (S3MockApplication.PROP_HTTP_PORT) : 0,
                    'com.adobe.testing.s3mock.store.root': root.toString(),
                    (S3MockApplication.PROP_SILENT)    : true,
                    'spring.main.banner-mode'          : 'off',
                    // S3Mock adds its plain-HTTP connector itself, ignoring server.address: bind that one here.
                    'spring.main.sources'              : LoopbackConnectors.name,
            ])
            Runtime.runtime.addShutdownHook(new Thread({ app.stop() }, 's3mock-stop'))
        }
        "http://127.0.0.1:${app.httpPort}"
    }

    /** The environment a run would have to reach the mock: endpoint and keys the AWS way. */
    static Map<String, String> environment() {
        [AWS_ENDPOINT_URL_S3: endpoint(), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY]
    }

    /** An SDK client for arranging buckets and objects directly, beside the integration under test. */
    static S3Client client() {
        S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()
    }

    /** Binds every extra Tomcat connector S3Mock declares as a bean to the loopback interface. */
    static class LoopbackConnectors implements BeanPostProcessor {
        @Override
        Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof Connector) bean.setProperty('address', '127.0.0.1')
            bean
        }
    }
}
