#!/usr/bin/env bash
# Starts cvdhub on a temporary demo store on 127.0.0.1 and measures, with
# wrk -t2 -c64 -d10s: an authenticated JSON report read and the log-in page.
# Then runs the Google Benchmark programs. Usage: bench/run.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
port=${PORT:-18181}
duration=${DURATION:-10s}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

"$build/cvdhub" serve --listen "127.0.0.1:$port" --data "$data" --demo --threads 2 > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

token=$(curl -fs -XPOST "http://127.0.0.1:$port/api/v1/tokens" -H 'content-type: application/json' \
  -d '{"email":"analyst@demo.cvdhub.test","password":"demo-analyst-pw","name":"bench"}' |
  sed -E 's/.*"token":"([^"]+)".*/\1/')

echo "== authenticated GET /api/v1/reports/2 (JSON) =="
TOKEN=$token REPORT=2 wrk -t2 -c64 -d"$duration" --latency -s bench/report_read.lua "http://127.0.0.1:$port"
echo "== GET /login (HTML) =="
wrk -t2 -c64 -d"$duration" --latency -s bench/login_page.lua "http://127.0.0.1:$port"

for b in "$build"/*_bench; do
  [ -x "$b" ] && "$b" --benchmark_min_time=0.2
done
