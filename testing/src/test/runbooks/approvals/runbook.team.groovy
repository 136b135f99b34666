team {
    member 'lena', role: 'lead'
    member 'bob', role: 'lead'
    member 'sam', role: 'support'
}
