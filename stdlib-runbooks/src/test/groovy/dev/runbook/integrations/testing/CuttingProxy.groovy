package dev.runbook.integrations.testing

/**
 * A TCP proxy in front of a real HTTP server that passes each response's headers and then only the first
 * {@code bodyBytes} of its body before closing the connection: a download cut off in transit.
 */
final class CuttingProxy implements Closeable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private final String upstreamHost
    private final int upstreamPort
    private final long bodyBytes

    CuttingProxy(URI upstream, long bodyBytes) {
        this.upstreamHost = upstream.host
        this.upstreamPort = upstream.port
        this.bodyBytes = bodyBytes
        Thread.startDaemon('cutting-proxy') {
            while (!server.closed) {
                Socket client
                try {
                    client = server.accept()
                } catch (IOException ignored) {
                    return
                }
                Thread.startDaemon { serve(client) }
            }
        }
    }

    String endpoint() {
        "http://127.0.0.1:${server.localPort}"
    }

    private void serve(Socket client) {
        Socket up = new Socket(upstreamHost, upstreamPort)
        Thread.startDaemon {
            try { client.inputStream.transferTo(up.outputStream) } catch (IOException ignored) { }
        }
        try {
            InputStream from = up.inputStream
            OutputStream to = client.outputStream
            // headers end at the first CRLF CRLF; then count body bytes
            int matched = 0
            int b
            while (matched < 4 && (b = from.read()) >= 0) {
                to.write(b)
                matched = (b == (matched % 2 == 0 ? 13 : 10)) ? matched + 1 : (b == 13 ? 1 : 0)
            }
            to.flush()
            byte[] buffer = new byte[8192]
            long left = bodyBytes
            int n
            while (left > 0 && (n = from.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                to.write(buffer, 0, n)
                left -= n
            }
            to.flush()
        } catch (IOException ignored) {
        } finally {
            client.close()
            up.close()
        }
    }

    @Override
    void close() {
        server.close()
    }
}
