package dev.runbook.examples

import dev.runbook.integrations.testing.PgServer
import software.amazon.awssdk.core.sync.RequestBody
import software.amazon.awssdk.services.s3.S3Client

import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The StateFlow incident the PITR restore runbook is for, on a real PostgreSQL: the data as it was at 09:00, the
 * 09:45 damage (a bad release deletes a board's tasks and rewrites the others), and the backups StateFlow's job
 * writes to S3 (plain SQL dumps, gzipped).
 */
class StateflowIncident {
    /** A new stateflow database holding the 09:00 data: two users, two boards, three tasks. */
    static void dataAt0900(PgServer pg) {
        pg.psql('postgres', 'DROP DATABASE IF EXISTS stateflow WITH (FORCE)')
        pg.psql('postgres', 'CREATE DATABASE stateflow')
        pg.psql('stateflow', '''
            CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE boards (id int PRIMARY KEY, owner_id int NOT NULL REFERENCES users, name text NOT NULL);
            CREATE TABLE tasks (id int PRIMARY KEY, board_id int NOT NULL, title text NOT NULL, updated_at timestamptz NOT NULL);
            INSERT INTO users VALUES (1, 'ana'), (2, 'ben');
            INSERT INTO boards VALUES (1, 1, 'Launch'), (2, 2, 'Hiring');
            INSERT INTO tasks VALUES (1, 1, 'Write the post', '2026-11-26 08:10Z'), (2, 1, 'Pick a date', '2026-11-26 08:20Z'),
                                     (3, 2, 'Screen CVs', '2026-11-26 08:30Z');''')
    }

    /** The incident at 09:40: board 2's tasks deleted, the others' titles rewritten at 09:45. */
    static void damageAt0945(PgServer pg) {
        pg.psql('stateflow', "DELETE FROM tasks WHERE board_id = 2; UPDATE tasks SET title = 'undefined', updated_at = '2026-11-26 09:45Z'")
    }

    /** A dump of the stateflow database as it is now, gzipped (made in {@code scratch}), put into {@code bucket} at {@code key}. */
    static void backUp(PgServer pg, S3Client s3, String bucket, String key, Path scratch) {
        Path dump = scratch.resolve(key.tokenize('/')[-1])
        def p = new ProcessBuilder('bash', '-c', "set -o pipefail; pg_dump -h '${pg.dir}' -p ${pg.port} -U ${PgServer.USER} --no-owner stateflow | gzip > '${dump}'".toString())
                .redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0: "pg_dump of stateflow failed: ${out}"
        s3.putObject({ it.bucket(bucket).key(key) }, RequestBody.fromFile(dump))
    }
}
