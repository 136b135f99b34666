package dev.runbook.integrations.s3

import spock.lang.Specification

import java.time.Instant

class KeyTimestampsSpec extends Specification {
    def "the time a backup was taken is read from the way backup scripts name files"() {
        expect:
        KeyTimestamps.of(key) == Optional.ofNullable(expected == null ? null : Instant.parse(expected))

        where:
        key                                                  | expected
        'backups/2024/01/15/shop_20240115T031500Z.sql.gz'    | '2024-01-15T03:15:00Z'
        'backups/2024/01/15/shop_20240115-031500.sql.gz'     | '2024-01-15T03:15:00Z'
        'backups/2024/01/15/shop_20240115_031500.dump'       | '2024-01-15T03:15:00Z'
        'backups/shop_2024-01-15T03-15-00Z.sql.gz'           | '2024-01-15T03:15:00Z'
        'backups/shop_2024-01-15_03:15:00.sql'               | '2024-01-15T03:15:00Z'
        'backups/shop_1705288500.sql.gz'                     | '2024-01-15T03:15:00Z'
        'backups/2024/01/15/shop.sql.gz'                     | null
        'backups/20240115T031500Z/shop.sql.gz'               | null
        'builds/app_20241399T999999.tar'                     | null
    }
}
