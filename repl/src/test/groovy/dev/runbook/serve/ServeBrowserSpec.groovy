package dev.runbook.serve

import dev.runbook.cli.Chromium
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * The team page in a real headless Chromium, used as a lead on call uses it: the run waiting for them, the
 * one-time link from Slack, the approve (or deny) button, the timeline going on by itself; and on a phone.
 * Screenshots go to target/serve-screenshots/.
 */
@Requires(value = { Chromium.runnable() }, reason = 'chromium is not installed (run .ci/install-chromium.sh)')
class ServeBrowserSpec extends Specification {
    static final Path SHOTS = Path.of('target', 'serve-screenshots')
    @Shared @TempDir Path scratch
    @Shared @AutoCleanup Browser browser
    @TempDir Path tmp
    @AutoCleanup ServeFixture page

    def setupSpec() {
        browser = new Browser(scratch)
    }

    def setup() {
        page = new ServeFixture(tmp, [holdAfterApproval: specificationContext.currentFeature.name.startsWith('a lead opens')])
        browser.viewport(1100, 900, false)
    }

    def "a lead opens the waiting run, approves it through the one-time link from Slack, and watches it reach the next step"() {
        given: 'a run waiting for a lead, its param a script tag'
        def run = page.startWaitingRun('<script>alert(1)</script>')

        when: 'the lead opens the runs page'
        browser.open(page.base + '/')

        then: 'the run is listed first, waiting for approval'
        browser.waitForText('#runs tbody tr:first-child', 'waiting for approval')
        browser.text('#runs tbody tr:first-child').contains('web-deploy')

        when: 'opens the run'
        browser.click('#runs tbody tr:first-child a')
        browser.waitForText('#waiting', 'needs one lead')

        then: "the param shows as text: no script of the runbook's ran or entered the page"
        browser.text('.params').contains('<script>alert(1)</script>')
        browser.eval("document.querySelectorAll('#live script').length") == 0
        browser.screenshot(SHOTS.resolve('run-waiting.png'))

        when: 'the lead opens the link Slack was sent for alice, and presses Approve'
        browser.open(page.linkFor(run.id, 'alice'))
        browser.waitForText('#decide', 'You are alice')
        browser.click('#approve')

        then: 'the run page shows who approved and how they were verified, and the run is on its next step'
        browser.waitForText('#timeline', 'approved by alice (lead, one-time link)')
        browser.waitForText('#timeline', 'step After')
        !browser.text('#timeline').contains('step ok After')

        when: 'the step finishes while the lead watches the same page (no reload)'
        browser.eval('window.stillTheSamePage = true')
        page.release()

        then: 'its output and the end of the run arrive by themselves'
        browser.waitFor("[...document.querySelectorAll('#timeline .output pre')].some(p => p.textContent.includes('rolled out'))")
        browser.waitForText('#timeline', 'step ok After')
        browser.waitForText('#state', 'succeeded')
        browser.eval('location.pathname') == "/runs/${run.id}".toString()
        browser.eval('window.stillTheSamePage') == true
        browser.screenshot(SHOTS.resolve('run-approved.png'))
        ServeFixture.exitCode(run.exec) == 0

        and: 'the run journaled the verified approval'
        def granted = page.journal(run.id).find { it.type() == 'approval.granted' }
        granted.data().subMap('by', 'verified', 'verification') == [by: 'alice', verified: true, verification: 'one-time-link']
    }

    def "a lead denies from the link: the run stops, and the page says who denied it and how they were verified"() {
        given:
        def run = page.startWaitingRun()

        when:
        browser.open(page.linkFor(run.id, 'alice'))
        browser.type('input[name=reason]', 'not during the sale')
        browser.click('#deny')

        then:
        browser.waitForText('#timeline', 'denied by alice (lead, one-time link): not during the sale')
        browser.waitForText('#state', 'aborted')
        !browser.text('#timeline').contains('step ok After')
        browser.screenshot(SHOTS.resolve('run-denied.png'))
        ServeFixture.exitCode(run.exec) == 3
    }

    def "the same link opened again after it was used decides nothing"() {
        given:
        def run = page.startWaitingRun()
        String link = page.linkFor(run.id, 'alice')

        when:
        browser.open(link)
        browser.click('#approve')
        browser.waitForText('#state', 'succeeded')
        browser.open(link)

        then:
        browser.waitForText('#why', 'already used')
        !browser.eval("!!document.getElementById('approve')")
        page.journal(run.id).count { it.type() == 'approval.granted' } == 1
    }

    def "on a phone: the runs are cards, the page never scrolls sideways, the buttons span the screen"() {
        given:
        def run = page.startWaitingRun()
        browser.viewport(390, 844, true)

        when:
        browser.open(page.base + '/')
        browser.waitForText('#runs', 'waiting for approval')

        then: 'no table header, nothing wider than the screen'
        browser.eval("getComputedStyle(document.querySelector('#runs thead')).display") == 'none'
        browser.eval('document.documentElement.scrollWidth') <= 390
        browser.screenshot(SHOTS.resolve('phone-runs.png'))

        when:
        browser.open(page.linkFor(run.id, 'alice'))
        browser.waitFor("document.getElementById('approve')")

        then: 'the Approve button is as wide as the form, and within the screen'
        (browser.eval("document.getElementById('approve').getBoundingClientRect().width") as double) > 300
        browser.eval('document.documentElement.scrollWidth') <= 390
        browser.screenshot(SHOTS.resolve('phone-approve.png'))

        when:
        browser.click('#approve')

        then:
        browser.waitForText('#state', 'succeeded')
        browser.screenshot(SHOTS.resolve('phone-approved.png'))
        ServeFixture.exitCode(run.exec) == 0
    }
}
