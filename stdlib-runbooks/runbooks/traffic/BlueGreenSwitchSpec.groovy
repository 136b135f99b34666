import dev.runbook.testing.RunbookSpecification

class BlueGreenSwitchSpec extends RunbookSpecification {
    static final String HEALTH = 'https://shop.example/health'
    static final Map PARAMS = [service: 'api', namespace: 'shop', to: 'green', healthUrl: HEALTH]
    static final String GET_COLOUR = '''kubectl get service api -n shop -o go-template='{{index .spec.selector "color"}}\''''
    static final String TO_GREEN = '''kubectl patch service api -n shop --type merge -p '{"spec":{"selector":{"color":"green"}}}\''''
    static final String TO_BLUE = '''kubectl patch service api -n shop --type merge -p '{"spec":{"selector":{"color":"blue"}}}\''''

    def setup() {
        load 'blue-green-switch.groovy'
        approver 'lena', role: 'lead'
        shell.on(GET_COLOUR) { stdout 'blue' }
        shell.on(TO_GREEN)
        shell.on(TO_BLUE)
        k8s.on('deployment.status') { [done: true, desired: 3, ready: 3, message: 'successfully rolled out'] }
    }

    def "switches the selector to the rolled-out colour once a lead approves, and requires a healthy minute"() {
        given:
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(PARAMS)

        then:
        result.succeeded
        called "k8s.deployment(ns: 'shop', 'api-green').status()"
        ran TO_GREEN
        notRan TO_BLUE
        result.approvedBy == ['lena']
        clock.elapsed() >= java.time.Duration.ofMinutes(1)
        notified slack: '#incidents', text: 'api: traffic switched from blue to green; api-blue still runs for a fast switch back'
    }

    def "the target colour's own endpoint is smoke-tested before any traffic moves"() {
        given:
        http.get('http://api-green.shop.svc/health') >> [status: 503] >> [status: 200]
        http.get(HEALTH) >> [status: 200]

        when:
        def result = run(PARAMS + [smokeUrl: 'http://api-green.shop.svc/health'])

        then:
        result.succeeded
        result.step('Smoke test the target colour').attempts == 2
    }

    def "a target colour that never passes its smoke test gets no traffic"() {
        given:
        http.get('http://api-green.shop.svc/health') >> [status: 500]

        when:
        def result = run(PARAMS + [smokeUrl: 'http://api-green.shop.svc/health'])

        then:
        result.failed
        result.failedStep == 'Smoke test the target colour'
        notRan ~/kubectl patch/
        notified ~/FAILED at 'Smoke test the target colour'.*traffic was not switched/
    }

    def "a target colour still rolling out is refused"() {
        given:
        k8s.on('deployment.status') { [done: false, desired: 3, ready: 1, message: '1 of 3 updated replicas are available'] }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains('api-green is not ready: 1 of 3 updated replicas are available (desired 3, ready 1)')
        notRan ~/kubectl patch/
    }

    def "switching to the colour that already serves is refused"() {
        when:
        def result = run(PARAMS + [to: 'blue'])

        then:
        result.failed
        result.failure.contains('service api already sends traffic to blue')
    }

    def "a Service that does not select by colour is not a blue-green service"() {
        given:
        shell.on(GET_COLOUR) { stdout '<no value>' }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failure.contains("service api selects color='<no value>', not blue or green")
    }

    def "a patch the API server refuses is set back to the colour before"() {
        given:
        shell.on(TO_GREEN) { stderr 'Error from server (Forbidden): services "api" is forbidden'; exit 1 }

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.handlers == ["onFailure of 'Switch traffic'", 'onFailure']
        ran TO_BLUE
        notified ~/(?s)FAILED at 'Switch traffic'.*Forbidden.*the selector was set back to blue/
    }

    def "a service that is not healthy for a sustained minute after the switch is switched straight back"() {
        given:
        http.get(HEALTH) >>> [[status: 200]] * 3 + [[status: 502]] + [[status: 200]] * 2 + [[status: 502]] * 40

        when:
        def result = run(PARAMS)

        then:
        result.failed
        result.failedStep == 'gate health'
        ran TO_GREEN
        ran TO_BLUE
        notified ~/FAILED at 'gate health'.*traffic was switched back to blue/
    }
}
