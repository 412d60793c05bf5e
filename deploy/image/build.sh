#!/usr/bin/env bash
# Builds Herald's container image as an OCI image archive, without a container engine or a
# registry (docs/deploy.md, "Container image"). Three layers, each a reproducible tar.gz:
#   base     the files of Debian's libc6, libgcc-s1 and base-files (taken from a debootstrap
#            minbase of the suite, cached), an /etc/passwd with the herald user (uid 10001)
#   runtime  a jlink'd Java runtime in /opt/java with only the modules herald.jar needs (jdeps)
#   app      /opt/herald/herald.jar, /opt/herald/jvm.options, /etc/herald/herald.yaml, /data
# Same inputs, same bytes: file times are the commit's time, owners numeric, gzip without names.
#
#   build.sh --jar herald.jar --out herald-image.tar [--cache DIR]
# Environment: JAVA_HOME (the JDK to jlink from), HERALD_IMAGE_MIRROR (a Debian mirror; default:
# the host's apt source), HERALD_IMAGE_SUITE (default bookworm). Needs root (debootstrap, and
# the layers' file owners), debootstrap, GNU tar, gzip and coreutils; no container tool.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar="" out="" cache=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$(readlink -f "$2"); shift 2 ;;
    --out) out=$(readlink -m "$2"); shift 2 ;;
    --cache) cache=$(readlink -m "$2"); shift 2 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "build.sh: --jar FILE is required (herald.jar)" >&2; exit 2; }
[ -n "$out" ] || { echo "build.sh: --out FILE is required" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "build.sh: run as root (debootstrap and the layers' file owners need it)" >&2; exit 1; }
: "${JAVA_HOME:?build.sh: set JAVA_HOME to the JDK to jlink the runtime from}"
suite=${HERALD_IMAGE_SUITE:-bookworm}
cache=${cache:-$(dirname "$out")/image-cache}
uid=10001

apt_mirror() { # the first Debian (non-security) mirror of the host's apt sources
  local m
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
      | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+' | grep -v security | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}
mirror=${HERALD_IMAGE_MIRROR:-$(apt_mirror)}

epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)}
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
revision=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)
version=$("$JAVA_HOME/bin/java" -jar "$jar" --version | awk '{print $2}')
mkdir -p "$cache"
work=$(mktemp -d "$cache/work.XXXXXX")   # a build of its own: ./herald image and the image test may overlap
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{base,runtime,app,blobs}

# --- base: a slice of a cached debootstrap minbase ---------------------------------------------
rootfs="$cache/debootstrap-$suite"
exec 9>"$cache/debootstrap.lock"
flock 9   # one debootstrap at a time into the cache
if [ ! -f "$rootfs/.complete" ]; then
  echo "image: debootstrap --variant=minbase $suite from $mirror (once; cached in $rootfs)" >&2
  rm -rf "$rootfs"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  touch "$rootfs/.complete"
fi
flock -u 9
packages=(base-files libc6 libgcc-s1)
for p in "${packages[@]}"; do
  for list in "$rootfs/var/lib/dpkg/info/$p.list" "$rootfs/var/lib/dpkg/info/$p:amd64.list"; do
    if [ -f "$list" ]; then cat "$list"; fi
  done
done | sed -E 's#^/(bin|lib|lib64|sbin)(/|$)#/usr/\1\2#' \
  | grep -vE '^/usr/share/(doc|man|info|locale|lintian|common-licenses)/|^/\.$' | sort -u \
  | (cd "$rootfs" && while read -r f; do if [ -e ".$f" ] || [ -L ".$f" ]; then printf '%s\n' "${f#/}"; fi; done) \
  | tar -C "$rootfs" --no-recursion -T - -cf - | tar -C "$work/base" -xf -
for l in bin lib lib64 sbin; do   # merged /usr: the symlinks at the top
  if [ -L "$rootfs/$l" ]; then cp -a "$rootfs/$l" "$work/base/$l"; fi
done
mkdir -p "$work/base"/{etc,tmp,var/lib/dpkg,proc,dev,sys}
chmod 1777 "$work/base/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nherald:x:%s:%s:Herald:/data:/usr/sbin/nologin\n' $uid $uid >"$work/base/etc/passwd"
printf 'root:x:0:\nherald:x:%s:\n' $uid >"$work/base/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$work/base/etc/nsswitch.conf"
# The packages' entries of dpkg's status file, so that image scanners see what the image holds.
awk -v want=" ${packages[*]} " 'BEGIN{RS="";ORS="\n\n"} {split($0,l,"\n"); sub(/^Package: /,"",l[1]); if (index(want," " l[1] " ")) print}' \
  "$rootfs/var/lib/dpkg/status" >"$work/base/var/lib/dpkg/status"

# --- runtime: jlink ------------------------------------------------------------------------------
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps "$jar")
mkdir -p "$work/runtime/opt"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$work/runtime/opt/java"

# --- app -------------------------------------------------------------------------------------------
mkdir -p "$work/app/opt/herald" "$work/app/etc/herald" "$work/app/data"
cp "$jar" "$work/app/opt/herald/herald.jar"
cp "$repo/sidecar/src/main/resources/dev/herald/sidecar/jvm.options" "$work/app/opt/herald/jvm.options"
cp "$here/herald.yaml" "$work/app/etc/herald/herald.yaml"
chown -R 0:0 "$work/base" "$work/runtime" "$work/app"
chown $uid:$uid "$work/app/data"
chmod 0750 "$work/app/data"

# --- the OCI layout --------------------------------------------------------------------------------
blob() { # stores stdin as a blob; prints "digest size"
  local tmp="$work/blobs/tmp" d
  cat >"$tmp"
  d=$(sha256sum "$tmp" | cut -d' ' -f1)
  mv "$tmp" "$work/blobs/$d"
  echo "$d $(stat -c %s "$work/blobs/$d")"
}
layers="" diff_ids="" history=""
for layer in base runtime app; do
  tarball="$work/$layer.tar"
  (cd "$work/$layer" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort \
    | tar --no-recursion -T - --numeric-owner --mtime="@$epoch" --format=posix \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$tarball")
  diff_ids+="${diff_ids:+,}\"sha256:$(sha256sum "$tarball" | cut -d' ' -f1)\""
  read -r d s < <(gzip -n -6 <"$tarball" | blob)
  layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$s}"
  history+="${history:+,}{\"created\":\"$created\",\"created_by\":\"deploy/image/build.sh: $layer\"}"
  echo "image: layer $layer $(du -sh "$work/$layer" | cut -f1) unpacked, $((s / 1024 / 1024)) MiB gzipped" >&2
done
labels="\"org.opencontainers.image.title\":\"herald\",\"org.opencontainers.image.version\":\"$version\",\"org.opencontainers.image.revision\":\"$revision\""
config='{"created":"'$created'","architecture":"amd64","os":"linux",'
config+='"config":{"User":"'$uid:$uid'","ExposedPorts":{"9100/tcp":{}},"Volumes":{"/data":{}},"WorkingDir":"/data",'
config+='"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"],'
config+='"Entrypoint":["/opt/java/bin/java","@/opt/herald/jvm.options","-jar","/opt/herald/herald.jar"],'
config+='"Cmd":["serve","--config","/etc/herald/herald.yaml"],"StopSignal":"SIGTERM","Labels":{'$labels'}},'
config+='"rootfs":{"type":"layers","diff_ids":['$diff_ids']},"history":['$history']}'
read -r cd cs < <(printf '%s' "$config" | blob)
manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",'
manifest+='"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:'$cd'","size":'$cs'},'
manifest+='"layers":['$layers'],"annotations":{"org.opencontainers.image.created":"'$created'",'$labels'}}'
read -r md ms < <(printf '%s' "$manifest" | blob)
layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
mv "$work/blobs"/[0-9a-f]* "$layout/blobs/sha256/"
printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$md" "$ms" "$version" >"$layout/index.json"
mkdir -p "$(dirname "$out")"
(cd "$layout" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort \
  | tar --no-recursion -T - --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf -) >"$out.tmp"
mv "$out.tmp" "$out"
echo "image: $out ($(du -h "$out" | cut -f1)), reference $version, manifest sha256:$md" >&2
