// HotDash's rollback authority, from the incident page's P0–P3 matrix. Every runbook in this folder asks for
// approval through this file, so who may roll back is decided here, once:
//
//   | severity | what it means                                  | who may authorise a rollback            |
//   | P0       | HotDash is down or losing data                 | anyone on call, at once; the team is told after |
//   | P1       | a core feature is broken for many customers    | a tech lead                             |
//   | P2       | a feature is degraded, a workaround exists     | an engineering manager                  |
//   | P3       | cosmetic or a small group of customers         | an engineering manager and the product owner |
//
// Schema changes are a manager's call at P1, P2 and P3 alike (supabase-migration-rollback.groovy asks role: 'manager'
// explicitly); at P0 that approval is waived like every other, journaled and announced. The operator can never
// approve their own run.
team {
    member 'alice', role: 'lead'
    member 'bruno', role: 'lead'
    member 'chen', roles: ['manager', 'lead']
    member 'dora', role: 'manager'
    member 'emil', role: 'product'

    policy P0, waived: true
    policy P1, role: 'lead'
    policy P2, role: 'manager'
    policy P3, roles: ['manager', 'product']

    slack webhook: 'SLACK_WEBHOOK', channel: '#hotdash-incidents'
}
