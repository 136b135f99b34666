package dev.runbook.lang;

import dev.runbook.model.Team;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

/** The base class of a team file: {@code team { member ...; policy ...; slack ... }}. */
public abstract class TeamScript extends Script implements DslScript {
    private DslContext dsl;
    private Team team;

    @Override
    public void attach(DslContext context) {
        this.dsl = context;
    }

    public Team team() {
        return team;
    }

    /** Declares the team: members and roles, the approval policy per severity, notification targets. */
    public void team(@DelegatesTo(value = TeamSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        TeamSpec spec = new TeamSpec(dsl, this);
        Closure<?> c = (Closure<?>) body.clone();
        c.setDelegate(spec);
        c.setResolveStrategy(Closure.DELEGATE_ONLY);
        try {
            c.call();
        } finally {
            team = spec.build();
        }
    }
}
