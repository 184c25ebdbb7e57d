#!/usr/bin/env bash
# The large-case benchmark (issue "Coordination"): a case with 150 vendors and
# 2,000 messages; wrk -t2 -c64 on the coordinator's case page (HTML and JSON)
# and on a vendor's JSON view of its own case. Usage: bench/run_case.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
port=${PORT:-18182}
duration=${DURATION:-10s}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

"$build/cvdhub" serve --listen "127.0.0.1:$port" --data "$data" --demo --threads 2 > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
eval "$(node bench/seed_big_case.mjs "http://127.0.0.1:$port" "$data" "$build/cvdhub")"

run() {
  echo "== $1 =="
  PATH_=$2 COOKIE=${3:-} TOKEN=${4:-} wrk -t2 -c64 -d"$duration" --latency -s bench/case_page.lua \
    "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|99%|Non-2xx"
}
run "coordinator case page (HTML)" "/cases/$CASE" "$COORD_COOKIE"
run "coordinator case view (JSON)" "/api/v1/cases/$CASE" "" "$COORD_TOKEN"
run "vendor's own case view (JSON)" "/api/v1/cases/$CASE" "" "$VENDOR_TOKEN"
