package dev.runbook.release

import com.sun.net.httpserver.HttpServer

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/** A JDK HttpServer on 127.0.0.1 serving the files of one folder (404 for the rest), counting the requests. */
class LocalReleaseServer implements Closeable {
    final HttpServer server
    final AtomicInteger requests = new AtomicInteger()
    private boolean stopped

    LocalReleaseServer(Path folder) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        server.createContext('/') { exchange ->
            requests.incrementAndGet()
            def file = folder.resolve(exchange.requestURI.path.substring(1)).normalize()
            if (file.startsWith(folder) && Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(200, Files.size(file))
                exchange.responseBody.withCloseable { Files.copy(file, it) }
            } else {
                exchange.sendResponseHeaders(404, -1)
                exchange.close()
            }
        }
        server.start()
    }

    String url(String name) { "http://127.0.0.1:${server.address.port}/${name}" }

    void stop() {
        if (!stopped) {
            stopped = true
            server.stop(0)
        }
    }

    @Override
    void close() { stop() }
}
