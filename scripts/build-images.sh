#!/usr/bin/env bash
# Builds the two container images without a container daemon or a registry:
#   gitgateway        the control plane (`gitgateway serve`), with git
#   gitgateway-proxy  the proxy node (`gitgateway-proxy`, the BGP speaker runs in it with --vip)
# Each is a self-contained .NET publish (no shared runtime needed) on a rootfs made of a few Debian packages,
# unpacked with dpkg-deb (no maintainer scripts, no shell, no package manager in the image), assembled as an
# OCI image with umoci, and written as an OCI layout plus an OCI archive:
#   OUT/gitgateway/            OUT/gitgateway.oci.tar          (tag: VERSION)
#   OUT/gitgateway-proxy/      OUT/gitgateway-proxy.oci.tar
# Push one with any OCI tool, e.g. `skopeo copy oci-archive:OUT/gitgateway.oci.tar:0.1.0 docker://REGISTRY/gitgateway:0.1.0`.
#
# Usage: scripts/build-images.sh [--out DIR] [--version V] [--skip-publish] [--proxy-aot] [--cli-aot]
#   --out DIR        where to write (default artifacts/images; the Debian packages are cached in DIR/debs)
#   --version V      the image tag (default: <Version> of Directory.Build.props)
#   --skip-publish   reuse DIR/publish from an earlier run (the image tests build once per run)
#   --proxy-aot      the proxy node as a Native AOT binary instead of the self-contained JIT publish: smaller at
#                    ready and after HTTP/1.1 load, ready in about a second (bench/node/README.md), but its publish
#                    takes 15-35 minutes of ILC on a loaded 2-core machine and needs clang (or gcc) and zlib1g-dev, so the
#                    default (and what CI builds and tests) stays the JIT node; same layers, user, ports and config.
#   --cli-aot        adds /app/gitgateway-cli to the control-plane image: src/Cli, every gitgateway command but serve
#                    and demo, as a Native AOT binary; the entrypoint stays /app/gitgateway serve. Its publish costs what
#                    --proxy-aot's does (bench/render/README.md "gitgateway-cli").
# Needs: dotnet, umoci, apt-get and apt-cache (Debian's lists, for the base packages), dpkg-deb. Run as root or
# with fakeroot-like ownership mapping is not supported: files in the layers must belong to root.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/images
version=""
skip_publish=0
proxy_aot=0
cli_aot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --skip-publish) skip_publish=1; shift ;;
    --proxy-aot) proxy_aot=1; shift ;;
    --cli-aot) cli_aot=1; shift ;;
    *) echo "usage: scripts/build-images.sh [--out DIR] [--version V] [--skip-publish] [--proxy-aot] [--cli-aot]" >&2; exit 2 ;;
  esac
done

for tool in dotnet umoci apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-images: '$tool' not found (umoci: apt-get install -y --no-install-recommends umoci)" >&2; exit 1; }
done
if [ "$proxy_aot" -eq 1 ] || [ "$cli_aot" -eq 1 ]; then
  # The ILCompiler links with clang (or a versioned clang-N) and falls back to gcc. (grep reads all: -q would end
  # the pipe early and pipefail would count that as no linker.)
  compgen -c | grep -xE 'clang(-[0-9]+)?|gcc' >/dev/null || { echo "build-images: --proxy-aot and --cli-aot need a C linker (apt-get install -y --no-install-recommends clang zlib1g-dev)" >&2; exit 1; }
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "build-images: run as root: the layers must hold files owned by root (uid 0) and the app user (uid 10001)" >&2
  exit 1
fi

[ -n "$version" ] || version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p "$out"
out=$(cd "$out" && pwd)
export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)

# The non-root user both images run as (numeric in the image config, so runAsNonRoot can verify it).
app_uid=10001

# Debian packages under each image. The proxy needs only what a self-contained .NET app loads (glibc, libstdc++,
# OpenSSL, CA certificates). The control plane adds git for HTTPS remotes; git's perl, git-man and liberror-perl
# serve porcelain the control plane never runs (send-email, svn, add -i) and are left out with their dependencies.
# The proxy adds iproute2: `ip` keeps the VIPs on a dummy interface (--vip-interface).
base_packages=(libc6 libgcc-s1 libstdc++6 libssl3 ca-certificates)
git_packages=(git)
ip_packages=(iproute2)
excluded=" perl perl-base perl-modules-5.36 libperl5.36 liberror-perl git-man debconf dpkg tar gzip coreutils libc-bin "

# The closure of PACKAGES over Depends and Pre-Depends (first alternative), minus the excluded ones and SEEN.
closure() {
  local -A seen=()
  local queue=("$@") pkg dep
  for pkg in $SEEN; do seen[$pkg]=1; done
  while [ ${#queue[@]} -gt 0 ]; do
    pkg=${queue[0]}; queue=("${queue[@]:1}")
    [ -z "${seen[$pkg]:-}" ] || continue
    case "$excluded" in *" $pkg "*) continue ;; esac
    seen[$pkg]=1
    echo "$pkg"
    while read -r dep; do
      queue+=("$dep")
    done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "$pkg" \
      | awk '/^ *\|?(Pre)?Depends:/ { if (!alt) print $2; alt = ($1 ~ /^\|/) } !/Depends:/ { alt = 0 }' | grep -v '^<')
  done
}

# Unpacks PACKAGES (downloaded once into OUT/debs) into DIR.
unpack() {
  local dir=$1; shift
  mkdir -p "$out/debs" "$dir"
  (cd "$out/debs" && for p in "$@"; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -qq -o APT::Sandbox::User=root "$p"; done)
  for p in "$@"; do dpkg-deb -x "$(ls "$out/debs/${p}"_*.deb | head -1)" "$dir"; done
}

base_list=$(SEEN="" closure "${base_packages[@]}" | sort)
git_list=$(SEEN="$base_list" closure "${git_packages[@]}" | sort)
ip_list=$(SEEN="$base_list" closure "${ip_packages[@]}" | sort)

rootfs="$out/rootfs"
rm -rf "$rootfs"
echo "build-images: base layer: $(echo $base_list | wc -w) Debian packages"
unpack "$rootfs/base" $base_list
echo "build-images: git layer: $(echo $git_list | wc -w) Debian packages"
unpack "$rootfs/git" $git_list
echo "build-images: iproute2 layer: $(echo $ip_list | wc -w) Debian packages"
unpack "$rootfs/ip" $ip_list
for layer in base git ip; do
  rm -rf "$rootfs/$layer"/usr/share/{doc,doc-base,man,info,lintian,locale,bug,bash-completion}
done
# The git layer's hooks templates and web UI are not used by a mirror.
rm -rf "$rootfs"/git/usr/share/git-core/templates/hooks "$rootfs"/git/usr/share/gitweb

# What maintainer scripts would have made: the CA bundle (update-ca-certificates), the users, /tmp.
base="$rootfs/base"
mkdir -p "$base/etc/ssl/certs" "$base/tmp" "$base/proc" "$base/sys" "$base/dev" "$base/var/lib/gitgateway" "$base/var/lib/gitgateway-proxy" "$base/etc/gitgateway"
find "$base/usr/share/ca-certificates" -name '*.crt' | sort | xargs cat > "$base/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/sbin/nologin\ngitgateway:x:%s:%s:gitgateway:/tmp:/sbin/nologin\n' "$app_uid" "$app_uid" > "$base/etc/passwd"
printf 'root:x:0:\ngitgateway:x:%s:\n' "$app_uid" > "$base/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$base/etc/nsswitch.conf"
chmod 1777 "$base/tmp"
chown "$app_uid:$app_uid" "$base/var/lib/gitgateway" "$base/var/lib/gitgateway-proxy"

# Self-contained publishes: the runtime travels with each app (see deploy/README.md for the size trade-off).
# PROJECT DIR PROGRAM [PUBLISH-PROPERTY...]; a Native AOT publish is one native binary (its symbols left out).
publish() {
  local project=$1 dir=$2 program=$3; shift 3
  if [ "$skip_publish" -eq 1 ] && [ -x "$dir/$program" ]; then return; fi
  rm -rf "$dir"
  nice -n 10 dotnet publish "$project" -c Release -r linux-x64 --self-contained -o "$dir" --nologo -v q \
    -p:CopyOutputSymbolsToPublishDirectory=false -p:GenerateDocumentationFile=false "$@"
  rm -f "$dir"/*.dbg
}
publish src/Reconciler "$out/publish/gitgateway" gitgateway
control_plane_description="GitGateway control plane: Git, pull-request review, plans to nodes"
if [ "$cli_aot" -eq 1 ]; then
  control_plane_description="$control_plane_description (and gitgateway-cli, Native AOT)"
  # src/Cli turns on PublishAot itself: given on the command line it would reach src/Reconciler too, whose control
  # plane the AOT analyzers refuse.
  publish src/Cli "$out/publish/gitgateway-cli-aot" gitgateway-cli
fi
# Each kind of node publish in its own directory, so --skip-publish never reuses the other kind.
proxy_publish=gitgateway-proxy
proxy_description="GitGateway proxy node: serves a routing plan, announces its VIPs by BGP"
if [ "$proxy_aot" -eq 1 ]; then
  proxy_publish=gitgateway-proxy-aot
  proxy_description="$proxy_description (Native AOT)"
  publish src/Proxy "$out/publish/$proxy_publish" gitgateway-proxy -p:PublishAot=true
else
  publish src/Proxy "$out/publish/$proxy_publish" gitgateway-proxy
fi

# image NAME DESCRIPTION ENTRYPOINT "PORTS" "CMD" "VOLUMES" LAYER_DIR...  (lists space-separated, may be empty)
image() {
  local name=$1 description=$2 entry=$3 ports=$4 cmd=$5 volumes=$6; shift 6
  local layout="$out/$name" ref="$out/$name:$version" layer x
  rm -rf "$layout" "$out/$name.oci.tar"
  umoci init --layout "$layout"
  umoci new --image "$ref"
  for layer in "$@"; do
    umoci insert --image "$ref" --history.created "$created" --history.created_by "scripts/build-images.sh: ${layer#"$rootfs"/}" "$layer" /
  done
  local args=(--image "$ref" --os linux --architecture amd64 --created "$created" --history.created "$created"
    --history.created_by "scripts/build-images.sh: config"
    --config.user "$app_uid:$app_uid" --config.entrypoint "$entry" --config.workingdir /tmp
    --config.env "PATH=/usr/sbin:/usr/bin:/sbin:/bin" --config.env "HOME=/tmp" --config.env "TMPDIR=/tmp"
    --config.env "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
    --config.env "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
    --config.label "org.opencontainers.image.title=$name"
    --config.label "org.opencontainers.image.description=$description"
    --config.label "org.opencontainers.image.version=$version"
    --config.label "org.opencontainers.image.revision=$revision"
    --config.label "org.opencontainers.image.created=$created"
    --config.label "org.opencontainers.image.base.name=debian:bookworm packages (dpkg-deb -x)")
  for x in $ports; do args+=(--config.exposedports "$x/tcp"); done
  for x in $cmd; do args+=(--config.cmd "$x"); done
  for x in $volumes; do args+=(--config.volume "$x"); done
  umoci config "${args[@]}"
  umoci gc --layout "$layout"
  tar -C "$layout" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -cf "$out/$name.oci.tar" .
}

# The app layers: /app holds the publish (OUT/publish/PUBLISH, default NAME), owned by root and not writable by the app user.
app_layer() {
  local name=$1 dir="$rootfs/app-$1"
  mkdir -p "$dir/app"
  cp -a "$out/publish/${2:-$name}/." "$dir/app/"
  chown -R 0:0 "$dir/app"
  chmod -R go-w "$dir/app"
  echo "$dir"
}

# Writable paths are volumes: /tmp (HOME, git's and .NET's scratch) and the state directory of each program.
control_plane_app=$(app_layer gitgateway)
if [ "$cli_aot" -eq 1 ]; then
  # One native file beside the control plane's publish, in the same layer and with the same ownership.
  install -o 0 -g 0 -m 0755 "$out/publish/gitgateway-cli-aot/gitgateway-cli" "$control_plane_app/app/gitgateway-cli"
fi
image gitgateway "$control_plane_description" /app/gitgateway "8080" \
  "serve --config /etc/gitgateway/config.yaml" "/tmp /var/lib/gitgateway" \
  "$base" "$rootfs/git" "$control_plane_app"
# 80 and 443 are where Gateway listeners usually are; the plan decides (the proxy runs on the host network).
image gitgateway-proxy "$proxy_description" /app/gitgateway-proxy "80 443" \
  "" "/tmp /var/lib/gitgateway-proxy" \
  "$base" "$rootfs/ip" "$(app_layer gitgateway-proxy "$proxy_publish")"

du -sh "$out/gitgateway.oci.tar" "$out/gitgateway-proxy.oci.tar"
