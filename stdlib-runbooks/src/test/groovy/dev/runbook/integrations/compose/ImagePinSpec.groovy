package dev.runbook.integrations.compose

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

class ImagePinSpec extends Specification {
    @TempDir Path dir

    def "a tag replaces only the tag of #image"() {
        expect:
        ImagePin.retag(image, tag) == pinned

        where:
        image                                 | tag                 || pinned
        'shop/api:1.2.4'                      | '1.2.3'             || 'shop/api:1.2.3'
        'registry.local:5000/shop/api:1.2.4'  | '1.2.3'             || 'registry.local:5000/shop/api:1.2.3'
        'registry.local:5000/shop/api'        | '1.2.3'             || 'registry.local:5000/shop/api:1.2.3'
        'shop/api@sha256:0123abcd'            | '1.2.3'             || 'shop/api:1.2.3'
        'shop/api:${TAG:-latest}'             | '1.2.3'             || 'shop/api:1.2.3'
        'shop/api:1.2.4'                      | 'other/api:9'       || 'other/api:9'
    }

    def "only the named service's image line changes, in a file with several services and other image keys"() {
        given:
        def file = dir.resolve('compose.yml')
        def text = '''\
x-defaults: &defaults
  image: shop/base:1
services:
  api:
    <<: *defaults
    environment:
      IMAGE: not-this
    image: 'shop/api:1.2.4' # release
  worker:
    image: shop/worker:1.2.4
volumes:
  api:
'''
        Files.writeString(file, text)

        when:
        def pin = ImagePin.pin(file, 'worker', '1.2.3', Instant.parse('2026-01-02T03:04:05Z'))

        then:
        Files.readString(file) == text.replace('shop/worker:1.2.4', 'shop/worker:1.2.3')
        pin.backup().endsWith('compose.yml.bak-20260102T030405')

        when:
        ImagePin.pin(file, 'api', '1.2.3', Instant.parse('2026-01-02T03:04:06Z'))

        then:
        Files.readString(file).contains("    image: 'shop/api:1.2.3' # release\n")
        Files.readString(file).contains('  image: shop/base:1\n')
    }

    def "two pins in the same second keep two copies: the first still holds the file as it was before both"() {
        given:
        def file = dir.resolve('compose.yml')
        def text = 'services:\n  api:\n    image: shop/api:1.2.4\n  worker:\n    image: shop/worker:1.2.4\n'
        Files.writeString(file, text)
        def now = Instant.parse('2026-01-02T03:04:05Z')

        when:
        def api = ImagePin.pin(file, 'api', '1.2.3', now)
        def worker = ImagePin.pin(file, 'worker', '1.2.3', now)

        then:
        api.backup().endsWith('compose.yml.bak-20260102T030405')
        worker.backup().endsWith('compose.yml.bak-20260102T030405-2')
        Files.readString(Path.of(api.backup())) == text
        Files.readString(Path.of(worker.backup())) == text.replace('shop/api:1.2.4', 'shop/api:1.2.3')
        Files.readString(file) == text.replace(':1.2.4', ':1.2.3')
    }
}
