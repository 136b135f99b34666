// The quickstart's team: who may approve what. Severity rules not written here keep the built-in policy
// (P0 waived and notified after, P1 one lead, P2 and P3 one manager).
team {
    member 'alice', role: 'lead'
    member 'bob', role: 'manager'
    member 'carol', roles: ['lead', 'manager']
}
