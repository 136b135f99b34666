package dev.runbook.testing

import dev.runbook.engine.StepFailure
import groovy.transform.Immutable

import java.util.concurrent.CopyOnWriteArrayList

/**
 * {@code notify} in runbook specs: captures what would have been sent (Slack, PagerDuty, webhooks) and sends
 * nothing. The spec reads {@code notifications} or asserts with {@code notified slack: ~/FAILED/}.
 */
class FakeNotify {
    /** notify's options, as the vocabulary the DSL and the IDE descriptors share has them. */
    static final Set<String> OPTIONS = dev.runbook.lang.DslVocabulary.options(dev.runbook.lang.DslVocabulary.Scope.STEP, 'notify')

    @Immutable
    static class Sent {
        /** slack, pagerduty or webhook */
        String kind
        /** the channel, the webhook URL, or the PagerDuty action */
        String target
        String text
        String step

        String toString() { "$kind ${target ?: ''}: $text" }
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>()

    /** The object the runbook's steps see as {@code notify}. */
    Object forStep(String step, CallLog log) {
        new StepNotify(this, step, log)
    }

    static class StepNotify {
        private final FakeNotify owner
        private final String step
        private final CallLog log

        StepNotify(FakeNotify owner, String step, CallLog log) {
            this.owner = owner
            this.step = step
            this.log = log
        }

        Map<String, Object> call(Map<String, Object> options) {
            def unknown = options.keySet() - OPTIONS
            if (unknown) {
                throw new StepFailure("unknown option '${unknown[0]}:' for notify — the options are ${OPTIONS.join(', ')}", StepFailure.Kind.ERROR)
            }
            if (options.containsKey('slack')) return slack(String.valueOf(options.slack), String.valueOf(options.text), null, false)
            if (options.pagerduty instanceof Map) return record('pagerduty', String.valueOf(options.pagerduty.action ?: 'trigger'),
                    String.valueOf(options.pagerduty.summary ?: ''))
            if (options.containsKey('webhook')) return record('webhook', String.valueOf(options.webhook),
                    options.containsKey('json') ? String.valueOf(options.json) : String.valueOf(options.text))
            throw new StepFailure("notify needs a target — write notify slack: '#incidents', text: '...'", StepFailure.Kind.ERROR)
        }

        Map<String, Object> slack(String channel, String text, String url, boolean required) {
            record('slack', channel, text)
        }

        private Map<String, Object> record(String kind, String target, String text) {
            def s = new Sent(kind, target, text, step)
            owner.sent << s
            log.add('notify', s.toString(), step)
            [sent: true, target: kind + ' ' + target] as Map<String, Object>
        }
    }
}
