#!/usr/bin/env bash
# Fetches Debian trixie riscv64 binary packages (or source packages) into the project cache, from
# the same Debian mirror this machine's apt already uses, so tests and benchmarks can run real
# guest programs without the repo ever naming a mirror host.
#
#   scripts/fetch-debian.sh [--quiet] [--update] NAME...           binary .deb, extracted with dpkg -x
#   scripts/fetch-debian.sh [--quiet] [--update] --source NAME...  source package, dpkg-source -x
#   scripts/fetch-debian.sh --mirror                               print the mirror/keyring it would use
#   scripts/fetch-debian.sh [--quiet] [--update] --resolve NAME... print the names of NAME... and
#                          everything they depend on (apt's own resolution for an empty system, no
#                          Recommends), one per line, sorted; downloads nothing
#   scripts/fetch-debian.sh --deps NAME...   the same as --resolve
#
# Layout under $QELT_CACHE (default <repo>/cache/, gitignored):
#   debian/NAME/        extracted binary package tree (stamp file .qelt-fetched holds the .deb name)
#   src/NAME/           unpacked source tree (stamp file .qelt-fetched holds the .dsc name)
#   debs/, src-dl/      the downloaded archives
#   apt-bin/, apt-src/  private apt state (sources file, lists, archive cache) for deb / deb-src
# Invariants: never touches the system's apt state; a finished NAME (stamp present) is never
# fetched again (a second call does nothing and just prints the path); the package index is only
# refreshed when missing or when --update is given.
# Prints "NAME PATH" for each package on stdout; diagnostics go to stderr.
# Exit status: 0 ok, 1 usage/other error, 2 package not found, 3 mirror unreachable (callers turn
# this into SKIP).
# Environment: QELT_CACHE; for testing only: FETCH_DEBIAN_APT_ETC (read sources from there instead
# of /etc/apt), FETCH_DEBIAN_MIRROR_OVERRIDE / FETCH_DEBIAN_KEYRING_OVERRIDE (replace what was
# read, to exercise the error paths).
set -euo pipefail

SUITE=trixie
ARCH=riscv64
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
CACHE=${QELT_CACHE:-$repo/cache}

quiet=0; update=0; source=0; show_mirror=0; resolve=0
names=()
for a in "$@"; do
  case "$a" in
    --source) source=1 ;;
    --quiet|-q) quiet=1 ;;
    --update) update=1 ;;
    --mirror) show_mirror=1 ;;
    --resolve|--deps) resolve=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fetch-debian: unknown option $a" >&2; exit 1 ;;
    *) names+=("$a") ;;
  esac
done
if [ $show_mirror -eq 0 ] && [ ${#names[@]} -eq 0 ]; then
  echo "usage: fetch-debian.sh [--quiet] [--update] [--source] NAME..." >&2; exit 1
fi

log() { [ $quiet -eq 1 ] || echo "fetch-debian: $*" >&2; }
die() { echo "fetch-debian: error: $1" >&2; exit "${2:-1}"; }

# ---- find the mirror: first Debian main-archive entry of the system's apt sources -------------
# A "Debian main archive" entry: Types has deb, Components has main, the URI path ends in /debian
# (so debian-security, debian-ports and third-party repos such as .../node_20.x are skipped) and
# no suite is a -security one. Only files apt itself reads (*.sources, *.list) are considered.
MIRROR=""; KEYRING=""

consider() {  # uri keyring suites components types
  local uri=$1 key=$2 suites=$3 comps=$4 types=$5
  [ -n "$MIRROR" ] && return 0
  case " $types " in *" deb "*) ;; *) return 0 ;; esac
  case " $comps " in *" main "*) ;; *) return 0 ;; esac
  case "$suites" in *-security*) return 0 ;; esac
  local path=${uri%/}
  case "$path" in */debian) ;; *) return 0 ;; esac
  MIRROR=$path; KEYRING=$key
}

parse_deb822() {  # file
  local f=$1 line key val types="" uris="" suites="" comps="" signed="" enabled=yes inkey=0
  flush() {
    if [ -n "$uris" ] && [ "$enabled" != no ]; then
      consider "${uris%% *}" "$signed" "$suites" "$comps" "$types"
    fi
    types=""; uris=""; suites=""; comps=""; signed=""; enabled=yes; inkey=0
  }
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '#'*) continue ;;
      '') flush; continue ;;
      ' '*|$'\t'*) continue ;;   # continuation line (e.g. an inline key block): ignored
    esac
    key=${line%%:*}; val=${line#*:}; val=$(echo $val)
    case "${key,,}" in
      types) types=$val ;;
      uris) uris=$val ;;
      suites) suites=$val ;;
      components) comps=$val ;;
      signed-by) signed=$val ;;
      enabled) enabled=${val,,} ;;
    esac
  done < "$f"
  flush
}

parse_oneline() {  # file
  local f=$1 line opts signed w
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    set -f; set -- $line; set +f
    [ $# -ge 3 ] || continue
    local type=$1; shift
    signed=""
    if [[ "$1" == \[* ]]; then
      opts=""
      while [ $# -gt 0 ]; do opts="$opts $1"; w=$1; shift; [[ "$w" == *\] ]] && break; done
      opts=${opts//[\[\]]/}
      for w in $opts; do
        case "$w" in signed-by=*) signed=${w#signed-by=} ;; esac
      done
    fi
    [ $# -ge 2 ] || continue
    local uri=$1 suite=$2; shift 2
    consider "$uri" "$signed" "$suite" "$*" "$type"
  done < "$f"
}

find_mirror() {
  local f etc=${FETCH_DEBIAN_APT_ETC:-/etc/apt}
  [ -f "$etc/sources.list" ] && parse_oneline "$etc/sources.list"
  for f in "$etc"/sources.list.d/*; do   # one sorted pass, like apt's own reading order
    [ -f "$f" ] || continue
    case "$f" in *.sources) parse_deb822 "$f" ;; *.list) parse_oneline "$f" ;; esac
  done
  [ -n "$MIRROR" ] || die "no Debian main archive entry found in $etc/sources.list{,.d/*}"
  # Signed-By may be a key fingerprint list or an inline key; we only pass on file paths.
  case "$KEYRING" in /*) ;; *) KEYRING="" ;; esac
  KEYRING=${KEYRING%%,*}
  [ -n "$KEYRING" ] || KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
}
find_mirror
# For testing the failure paths only (e.g. an unreachable URI, or a keyring that cannot verify):
MIRROR=${FETCH_DEBIAN_MIRROR_OVERRIDE:-$MIRROR}
KEYRING=${FETCH_DEBIAN_KEYRING_OVERRIDE:-$KEYRING}
if [ $show_mirror -eq 1 ]; then echo "mirror=$MIRROR keyring=$KEYRING"; exit 0; fi

# ---- private apt state --------------------------------------------------------------------------
# kind: bin or src. Each has its own sources file and lists dir, because apt update deletes list
# files its sources no longer mention: sharing one dir would make deb and deb-src fight.
apt_dir() { echo "$CACHE/apt-$1"; }

write_sources() {  # kind keyring
  local d; d=$(apt_dir "$1")
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
  : > "$d/status"
  local types=deb; [ "$1" = src ] && types="deb deb-src"
  cat > "$d/sources.sources" <<EOF
Types: $types
URIs: $MIRROR
Suites: $SUITE
Components: main
Architectures: $ARCH
Signed-By: $2
EOF
}

apt_opts() {  # kind -> prints options, one per line
  local d; d=$(apt_dir "$1")
  printf '%s\n' -o "Dir::Etc::SourceList=$d/sources.sources" -o Dir::Etc::SourceParts=/dev/null \
    -o APT::Architecture=$ARCH -o APT::Architectures=$ARCH \
    -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o "Dir::State::status=$d/status" \
    -o Acquire::http::Timeout=20 -o Acquire::https::Timeout=20 -o Acquire::Retries=2 \
    -o APT::Sandbox::User=root -o 'APT::Update::Post-Invoke-Success::=' -o 'DPkg::Post-Invoke::='
}

run_apt() {  # kind args...
  local kind=$1; shift
  local opts; mapfile -t opts < <(apt_opts "$kind")
  apt-get -q "${opts[@]}" "$@"
}

# Index present? (any Packages/Sources file for our suite in the lists dir)
have_index() {
  local d; d=$(apt_dir "$1")
  local pat='*_dists_'$SUITE'_main_binary-'$ARCH'_Packages*'
  [ "$1" = src ] && pat='*_dists_'$SUITE'_main_source_Sources*'
  compgen -G "$d/lists/$pat" > /dev/null
}

# Refresh the index. The system's keyring (Signed-By of the mirror entry) is tried first: on a
# bookworm host, debian-archive-keyring.gpg (2023.3+deb12u1 and later) already carries the trixie
# archive keys. An older keyring would fail to verify trixie's InRelease (NO_PUBKEY); then the
# per-release keyrings that debian-archive-keyring installs next to it are used instead: trixie's
# InRelease is signed by the trixie "automatic" archive key and the trixie "stable" release key,
# found in debian-archive-trixie-{automatic,stable}.gpg under /usr/share/keyrings/.
update_index() {  # kind
  local kind=$1 out rc
  local -a keys=("$KEYRING")
  local k alt=""
  for k in /usr/share/keyrings/debian-archive-$SUITE-automatic.gpg \
           /usr/share/keyrings/debian-archive-$SUITE-stable.gpg; do
    [ -f "$k" ] && alt="${alt:+$alt, }$k"
  done
  [ -n "$alt" ] && keys+=("$alt")
  for k in "${keys[@]}"; do
    write_sources "$kind" "$k"
    log "updating $SUITE/$ARCH index ($kind) from $MIRROR (keyring $k)"
    set +e; out=$(run_apt "$kind" update 2>&1); rc=$?; set -e
    if [ $rc -eq 0 ] && have_index "$kind" && ! grep -qE '^(W|E): ' <<<"$out"; then
      return 0
    fi
    if grep -qiE 'NO_PUBKEY|not signed|signatures (couldn.t|were invalid)|EXPKEYSIG|KEYEXPIRED' <<<"$out"; then
      log "signature check failed with $k"; continue
    fi
    if grep -qiE 'Could not resolve|Temporary failure|Failed to fetch|Connection (failed|timed out|refused)|Unable to connect|Network is unreachable|No route' <<<"$out"; then
      echo "$out" | grep -E '^(W|E|Err)' | head -5 >&2
      die "mirror $MIRROR unreachable" 3
    fi
    if have_index "$kind"; then return 0; fi
    echo "$out" | tail -5 >&2
    die "apt-get update failed (status $rc)"
  done
  die "no keyring verifies the $SUITE Release file (tried: ${keys[*]})"
}

ensure_index() {  # kind
  if [ $update -eq 1 ] || ! have_index "$1" || [ ! -f "$(apt_dir "$1")/sources.sources" ]; then
    update_index "$1"; update=0
  fi
}

# ---- binary packages ----------------------------------------------------------------------------
fetch_bin() {  # name
  local name=$1 dest="$CACHE/debian/$1"
  if [ -f "$dest/.qelt-fetched" ]; then echo "$name $dest"; return 0; fi
  ensure_index bin
  mkdir -p "$CACHE/debs"
  local tmp; tmp=$(mktemp -d "$CACHE/debs/.dl.XXXXXX")
  local out rc
  set +e; out=$(cd "$tmp" && run_apt bin download "$name" 2>&1); rc=$?; set -e
  local deb; deb=$(ls "$tmp"/*.deb 2>/dev/null | head -1 || true)
  if [ $rc -ne 0 ] || [ -z "$deb" ]; then
    rm -rf "$tmp"
    if grep -qiE 'Unable to locate|has no installation candidate|no candidate' <<<"$out"; then
      die "package $name not found in $SUITE/$ARCH" 2
    fi
    echo "$out" | tail -5 >&2
    if grep -qiE 'Could not resolve|Temporary failure|Failed to fetch|Unable to connect' <<<"$out"; then
      die "mirror $MIRROR unreachable (or stale index: try --update) while downloading $name" 3
    fi
    die "apt-get download $name failed"
  fi
  local base; base=$(basename "$deb")
  mv -f "$deb" "$CACHE/debs/$base"; rm -rf "$tmp"
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  dpkg -x "$CACHE/debs/$base" "$dest.tmp" || die "dpkg -x $base failed"
  echo "$base" > "$dest.tmp/.qelt-fetched"
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  log "$name: $base extracted"
  echo "$name $dest"
}

# ---- source packages ----------------------------------------------------------------------------
fetch_src() {  # name
  local name=$1 dest="$CACHE/src/$1"
  if [ -f "$dest/.qelt-fetched" ]; then echo "$name $dest"; return 0; fi
  command -v dpkg-source > /dev/null || die "dpkg-source missing (apt-get install dpkg-dev)"
  ensure_index src
  local dl="$CACHE/src-dl/$name"
  rm -rf "$dl"; mkdir -p "$dl"
  local out rc
  set +e; out=$(cd "$dl" && run_apt src source --download-only "$name" 2>&1); rc=$?; set -e
  local dsc; dsc=$(ls "$dl"/*.dsc 2>/dev/null | head -1 || true)
  local orig; orig=$(ls "$dl"/*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | grep -v '\.orig-' | head -1 || true)
  mkdir -p "$CACHE/src"; rm -rf "$dest.tmp"
  if [ $rc -eq 0 ] && [ -n "$dsc" ]; then
    # apt-get already checked every file against the hashes of the signed Sources index, so the
    # .dsc's own (uploader) signature adds nothing; we have no Debian developer keyring anyway.
    # dpkg-source leaves links to the tarballs next to the tree it makes: unpack in a stage dir.
    local stage="$CACHE/src/.stage-$name"
    rm -rf "$stage"; mkdir -p "$stage"
    set +e; out=$(dpkg-source --no-check -x "$dsc" "$stage/tree" 2>&1); rc=$?; set -e
    if [ $rc -ne 0 ]; then echo "$out" | tail -5 >&2; die "dpkg-source -x $(basename "$dsc") failed"; fi
    mv "$stage/tree" "$dest.tmp"; rm -rf "$stage"
    basename "$dsc" > "$dest.tmp/.qelt-fetched"
  elif [ -n "$orig" ] && grep -q '404' <<<"$out"; then
    # Some mirrors (caching proxies, snapshots) serve the upstream tarball, which is shared by
    # every Debian revision, but not the newest revision's .dsc/.debian.tar. The upstream tree is
    # all the benchmarks need, so unpack it alone (hash-checked by apt like the rest).
    log "$name: mirror lacks the .dsc or Debian patches; unpacking upstream $(basename "$orig") only"
    mkdir -p "$dest.tmp"
    tar -xf "$orig" -C "$dest.tmp" || die "tar -xf $(basename "$orig") failed"
    local top; top=$(ls -A "$dest.tmp")
    if [ "$(echo "$top" | wc -l)" -eq 1 ] && [ -d "$dest.tmp/$top" ]; then
      mv "$dest.tmp/$top" "$dest.tmp.inner"; rmdir "$dest.tmp"; mv "$dest.tmp.inner" "$dest.tmp"
    fi
    echo "$(basename "$orig") (upstream only)" > "$dest.tmp/.qelt-fetched"
  else
    if grep -qiE 'Unable to find a source package|Unable to locate' <<<"$out"; then
      die "source package $name not found in $SUITE" 2
    fi
    echo "$out" | tail -5 >&2
    if grep -qiE 'Could not resolve|Temporary failure|Failed to fetch|Unable to connect' <<<"$out"; then
      die "mirror $MIRROR unreachable (or missing files) while downloading source $name" 3
    fi
    die "apt-get source --download-only $name failed"
  fi
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  log "$name: $(cat "$dest/.qelt-fetched") unpacked"
  echo "$name $dest"
}

mkdir -p "$CACHE"
# One fetcher per cache at a time (parallel test suites share it; apt locks its lists dir and
# would fail the second caller instead of waiting).
if command -v flock > /dev/null; then
  exec 9> "$CACHE/.fetch.lock"
  flock -w 600 9 || die "timed out waiting for $CACHE/.fetch.lock"
fi
for n in "${names[@]}"; do
  case "$n" in *[!a-z0-9.+-]*) die "bad package name '$n'" ;; esac
done
if [ $resolve -eq 1 ]; then
  # apt-get's simulated install against the private, empty status file: every "Inst NAME" line is
  # a package a fresh system would need. Essential packages are not implied: name them.
  ensure_index bin
  set +e
  out=$(run_apt bin -s --no-install-recommends -o Debug::NoLocking=1 \
        -o "Dir::State::extended_states=$(apt_dir bin)/extended_states" install "${names[@]}" 2>&1)
  rc=$?; set -e
  if [ $rc -ne 0 ]; then
    echo "$out" | grep -E '^(E|W): |Depends:' | head -8 >&2
    grep -qiE 'Unable to locate' <<<"$out" && die "cannot resolve: a package is not in $SUITE/$ARCH" 2
    die "apt-get -s install failed (status $rc)"
  fi
  awk '$1 == "Inst" { print $2 }' <<<"$out" | sort -u
  exit 0
fi
for n in "${names[@]}"; do
  if [ $source -eq 1 ]; then fetch_src "$n"; else fetch_bin "$n"; fi
done
