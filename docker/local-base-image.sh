#!/usr/bin/env bash
# docker/local-base-image.sh TAG: makes a base image for docker/Dockerfile without any registry, from this machine's
# own files, and imports it into the Docker engine DOCKER_HOST names (docker import):
#   /opt/java  a runtime jlink'ed from the JDK the project builds with (JAVA_HOME, or the Temurin 25 install)
#   /bin       static busybox (sh, tar, find, readlink, mktemp, setsid, adduser...) and this machine's bash
#   /lib*      the shared libraries bash and the runtime load (glibc, libtinfo), copied as ldd lists them
# It has no apt-get: the Dockerfile then installs nothing and checks that bash is there. The image is as big as
# the runtime (about 80 MB). CI uses it where eclipse-temurin:25-jre cannot be pulled (no registry reachable).
# Needs: a JDK >= 21 with jlink, busybox (static: apt-get install busybox-static), bash, ldd, docker.
set -euo pipefail

tag="${1:?usage: docker/local-base-image.sh TAG}"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$jdk/bin/jlink" ] || { echo "local-base-image: $jdk has no bin/jlink: set JAVA_HOME to a JDK >= 21" >&2; exit 4; }
busybox="$(command -v busybox || true)"
# ldd fails on a static executable ("not a dynamic executable"): that is the busybox wanted here
if [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "local-base-image: needs a static busybox (apt-get install busybox-static)" >&2; exit 4
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,opt,home,root,usr}
chmod 1777 "$root/tmp"

# The runtime: the Java SE modules (Groovy needs java.desktop's java.beans, the CLI java.sql, java.net.http...) and
# the JDK ones the integrations and TLS use
"$jdk/bin/jlink" --output "$root/opt/java" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.charsets,jdk.localedata

cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
cp "$(command -v bash)" "$root/bin/bash"   # the launcher is a bash script; busybox's ash is not enough
ln -s ../bin "$root/usr/bin"                # scripts start with #!/usr/bin/env bash

# every shared library bash, java and the runtime's own libraries load, at the path the loader expects
{ ldd "$root/bin/bash"; ldd "$root/opt/java/bin/java"; find "$root/opt/java" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
  | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$root" | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done

echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
cp /etc/nsswitch.conf "$root/etc/" 2>/dev/null || true

tar -C "$root" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/bin' \
  --change 'CMD ["/bin/sh"]' - "$tag" >/dev/null
echo "local-base-image: imported $tag"
