// The team of the golden runbooks in this folder.
team {
    member 'alice', role: 'lead'
    member 'carol', role: 'lead'
    member 'sam', role: 'security'
}
