package dev.runbook.integrations.demo

import java.time.Duration

/** A stand-in "real" integration for RealPartsModeSpec: handles in dev.runbook.integrations.*, records as results. */
class DemoEngine {
    final List<String> done = []

    DemoBox container(String name) { new DemoBox(this, name) }

    String describe(Object box) { box instanceof DemoBox ? "box ${box.name}".toString() : "not a box: ${box.getClass().name}".toString() }

    static class DemoBox {
        final DemoEngine engine
        final String name

        DemoBox(DemoEngine engine, String name) {
            this.engine = engine
            this.name = name
        }

        DemoInfo inspect() { new DemoInfo(name, 'app:v2') }

        Map rollbackTo(Map options, String image) {
            engine.done << "${name} → ${image} (settle ${options.settle})".toString()
            [container: name, to: image]
        }
    }

    record DemoInfo(String name, String image) {}
}
