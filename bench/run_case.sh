#!/usr/bin/env bash
# The large-case benchmark (issue "Coordination"): a case with 150 vendors and
# 2,000 messages; wrk -t2 -c64 on the coordinator's case page (HTML and JSON)
# and on a vendor's JSON view of its own case, each without and with
# Accept-Encoding: gzip. Prints the size of each response first.
# Usage: bench/run_case.sh [BUILD_DIR]   (DURATION=10s, PORT=18182, ACCEPT_GZIP=both|0|1)
set -euo pipefail
build=${1:-build}
port=${PORT:-18182}
duration=${DURATION:-10s}
gzip_modes=${ACCEPT_GZIP:-both}
[ "$gzip_modes" = both ] && gzip_modes="0 1"
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

"$build/cvdhub" serve --listen "127.0.0.1:$port" --data "$data" --demo --threads 2 > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
eval "$(node bench/seed_big_case.mjs "http://127.0.0.1:$port" "$data" "$build/cvdhub")"

# The bytes on the wire: plain, and gzip-compressed when asked for.
sizes() {
  local what=$1 path=$2 auth=$3
  local plain gz
  plain=$(curl -fs -o /dev/null -w '%{size_download}' -H "$auth" "http://127.0.0.1:$port$path")
  gz=$(curl -fs -o /dev/null -w '%{size_download}' -H "$auth" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path")
  printf '%-34s %8s bytes plain, %7s bytes gzip\n' "$what" "$plain" "$gz"
}
sizes "coordinator case page (HTML)" "/cases/$CASE" "Cookie: $COORD_COOKIE"
sizes "coordinator case view (JSON)" "/api/v1/cases/$CASE" "Authorization: Bearer $COORD_TOKEN"
sizes "vendor's own case view (JSON)" "/api/v1/cases/$CASE" "Authorization: Bearer $VENDOR_TOKEN"

run() {
  local label=$1 path=$2 cookie=${3:-} token=${4:-}
  for g in $gzip_modes; do
    echo "== $label, $([ "$g" = 1 ] && echo 'Accept-Encoding: gzip' || echo 'no Accept-Encoding') =="
    ACCEPT_GZIP=$g PATH_=$path COOKIE=$cookie TOKEN=$token wrk -t2 -c64 -d"$duration" --latency -s bench/case_page.lua \
      "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|99%|Non-2xx"
  done
}
run "coordinator case page (HTML)" "/cases/$CASE" "$COORD_COOKIE"
run "coordinator case view (JSON)" "/api/v1/cases/$CASE" "" "$COORD_TOKEN"
run "vendor's own case view (JSON)" "/api/v1/cases/$CASE" "" "$VENDOR_TOKEN"
