package dev.runbook.lang;

import dev.runbook.model.SourcePos;
import groovy.lang.GroovyObjectSupport;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code params} reads as while the runbook is defined: the values are not known yet, so {@code params.db}
 * yields a placeholder that only {@code lock "db:${params.db}"} may take (it is filled in at run start). A
 * placeholder anything else takes is reported when the runbook is built, as {@code params} was before.
 */
final class ParamPlaceholders extends GroovyObjectSupport {
    /** One read of {@code params} or {@code params.NAME}; {@code used} once a lock took it. */
    static final class Read {
        final String name;
        final SourcePos pos;
        boolean used;

        Read(String name, SourcePos pos) {
            this.name = name;
            this.pos = pos;
        }

        @Override
        public String toString() {
            return name == null ? "${params}" : "${params." + name + "}";
        }
    }

    private final Read self;
    private final List<Read> reads;

    ParamPlaceholders(SourcePos pos, List<Read> reads) {
        this.self = new Read(null, pos);
        this.reads = reads;
        reads.add(self);
    }

    @Override
    public Object getProperty(String name) {
        if (name.equals("metaClass")) return getMetaClass();
        self.used = true; // judged by what becomes of params.NAME
        Read r = new Read(name, self.pos);
        reads.add(r);
        return r;
    }

    public Object getAt(String name) {
        return getProperty(name);
    }

    @Override
    public String toString() {
        return self.toString();
    }

    static List<Read> newList() {
        return new ArrayList<>();
    }
}
