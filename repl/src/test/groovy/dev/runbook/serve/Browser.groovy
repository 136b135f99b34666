package dev.runbook.serve

import com.fasterxml.jackson.databind.ObjectMapper
import dev.runbook.cli.Chromium

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.WebSocket
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Real headless Chromium driven over the DevTools protocol, through the JDK's own WebSocket client: no driver
 * binary to match the browser's version (chromedriver), no browser download (Playwright), no dependency. It opens
 * pages, clicks with real mouse events, reads the page and takes screenshots: what a person does.
 */
class Browser implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper()
    private final Process process
    private final Path profile
    private final WebSocket socket
    private final AtomicInteger ids = new AtomicInteger()
    private final Map<Integer, CompletableFuture<Map>> pending = new ConcurrentHashMap<>()
    /** The flags this closed network needs: nothing in the background may try to reach Google. */
    static final List<String> FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                                       '--disable-background-networking', '--disable-component-update', '--disable-sync',
                                       '--hide-scrollbars', '--remote-debugging-port=0']

    Browser(Path scratch) {
        String bin = Chromium.binary()
        if (bin == null) throw new IllegalStateException('chromium is not installed — run .ci/install-chromium.sh')
        profile = Files.createTempDirectory(scratch, 'chromium-profile')
        process = new ProcessBuilder([bin, *FLAGS, "--user-data-dir=${profile}".toString(), 'about:blank'])
                .redirectOutput(scratch.resolve('chromium-out.txt').toFile())
                .redirectError(scratch.resolve('chromium-err.txt').toFile()).start()
        Path portFile = profile.resolve('DevToolsActivePort')
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!process.alive) throw new IllegalStateException("chromium exited ${process.exitValue()}: ${scratch.resolve('chromium-err.txt').text}")
            if (System.nanoTime() > deadline) throw new IllegalStateException('chromium did not open its DevTools port within 60 s')
            Thread.sleep(20)
        }
        int port = Files.readAllLines(portFile)[0] as int
        def http = HttpClient.newHttpClient()
        List targets = JSON.readValue(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body(), List)
        String page = targets.find { it.type == 'page' }.webSocketDebuggerUrl
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(30, TimeUnit.SECONDS)
        call('Page.enable')
        call('Runtime.enable')
    }

    private class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder()

        @Override
        CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data)
            if (last) {
                Map m = JSON.readValue(text.toString(), Map)
                text.setLength(0)
                if (m.id != null) pending.remove(m.id as int)?.complete(m)
            }
            ws.request(1)
            null
        }
    }

    /** One DevTools command; its result, or an assertion error with the browser's message. */
    Map call(String method, Map params = [:]) {
        int id = ids.incrementAndGet()
        def answer = new CompletableFuture<Map>()
        pending[id] = answer
        socket.sendText(JSON.writeValueAsString([id: id, method: method, params: params]), true).get(30, TimeUnit.SECONDS)
        Map m = answer.get(60, TimeUnit.SECONDS)
        assert m.error == null: "$method: ${m.error}"
        m.result as Map
    }

    /** The value of a JavaScript expression in the page. */
    def eval(String expression) {
        Map r = call('Runtime.evaluate', [expression: expression, returnByValue: true, awaitPromise: true])
        assert r.exceptionDetails == null: "$expression: ${r.exceptionDetails}"
        r.result?.value
    }

    /** Opens {@code url} and waits until its document has loaded. */
    void open(String url) {
        call('Page.navigate', [url: url])
        waitFor("document.readyState === 'complete' && location.href === ${JSON.writeValueAsString(url)}")
    }

    /** Waits (up to a generous ceiling) until {@code condition} is true in the page: an element, a text. */
    void waitFor(String condition, int seconds = 30) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (!(eval("!!(${condition})") as boolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within ${seconds} s: ${condition}\npage text: ${text('body')}")
            }
            Thread.sleep(50)
        }
    }

    /** Waits until the page shows {@code words} somewhere in {@code selector}'s text. */
    void waitForText(String selector, String words, int seconds = 30) {
        waitFor("(document.querySelector(${JSON.writeValueAsString(selector)}) || {}).textContent && "
                + "document.querySelector(${JSON.writeValueAsString(selector)}).textContent.includes(${JSON.writeValueAsString(words)})", seconds)
    }

    String text(String selector) {
        eval("(document.querySelector(${JSON.writeValueAsString(selector)}) || {}).textContent || ''") as String
    }

    /** A mouse click in the middle of the element, as a person's: pressed and released there. */
    void click(String selector) {
        waitFor("document.querySelector(${JSON.writeValueAsString(selector)})")
        eval("document.querySelector(${JSON.writeValueAsString(selector)}).scrollIntoView({block: 'center'})")
        Map box = eval("(() => { const r = document.querySelector(${JSON.writeValueAsString(selector)}).getBoundingClientRect(); "
                + "return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()") as Map
        for (String type : ['mousePressed', 'mouseReleased']) { // a loop, not a closure: call() would be the closure's
            call('Input.dispatchMouseEvent', [type: type, x: box.x, y: box.y, button: 'left', clickCount: 1])
        }
    }

    /** Types into the focused field. */
    void type(String selector, String words) {
        eval("document.querySelector(${JSON.writeValueAsString(selector)}).focus()")
        call('Input.insertText', [text: words])
    }

    /** The window as a phone's (or a desk's): width and height in CSS pixels. */
    void viewport(int width, int height, boolean mobile) {
        call('Emulation.setDeviceMetricsOverride', [width: width, height: height, deviceScaleFactor: 1, mobile: mobile])
    }

    /** A PNG of what the page shows now. */
    void screenshot(Path png) {
        Files.createDirectories(png.parent)
        Map r = call('Page.captureScreenshot', [format: 'png', captureBeyondViewport: false])
        Files.write(png, Base64.decoder.decode(r.data as String))
    }

    @Override
    void close() {
        try {
            socket?.abort()
        } finally {
            process.toHandle().descendants().forEach { it.destroyForcibly() }
            process.destroyForcibly()
            process.waitFor(30, TimeUnit.SECONDS)
        }
    }
}
