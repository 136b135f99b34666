// Who may approve what, for every runbook in this folder and the folders below it.
// Replace the members with your team: an approver must be listed here with a role the policy asks for, and may
// not approve their own run.
team {
    member 'alice', role: 'lead'                   // placeholder: your on-call leads
    member 'bob',   role: 'manager'                // placeholder: your engineering managers
    member 'carol', roles: ['lead', 'manager']     // someone can hold several roles

    // The approval policy, by severity. This is the built-in default, written out so you can change it.
    policy P0, waived: true       // an outage: a one-approver rule is lifted once the Slack notice below is delivered
                                  // (never a quorum); without it the normal approval is asked. waives: [P1] narrows it
    policy P1, role: 'lead'       // one lead
    policy P2, role: 'manager'    // one manager
    policy P3, role: 'manager'    // one manager

    // Where `notify slack:` and waived-approval notices go: the NAMES of environment variables, never the values.
    slack webhook: 'SLACK_WEBHOOK', channel: '#incidents'
    // pagerduty routingKey: 'PAGERDUTY_ROUTING_KEY'
}
