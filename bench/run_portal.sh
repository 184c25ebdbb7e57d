#!/usr/bin/env bash
# A published advisory page: cvdhub vs nginx serving the same bytes as a
# static file, the same wrk -t2 -c64 -d10s run against each (issue target:
# cvdhub ≥ 0.7× nginx). Both get the machine's two cores: cvdhub --threads 2,
# nginx worker_processes 2. Installs nginx-light when it is missing (the
# benchmark's own dependency, not the product's).
# Usage: bench/run_portal.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
port=${PORT:-18281}
nginx_port=${NGINX_PORT:-18282}
duration=${DURATION:-10s}
command -v nginx >/dev/null || sudo_apt=$(command -v sudo || true)
command -v nginx >/dev/null || ${sudo_apt:-} apt-get install -y -q nginx-light >/dev/null
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; [ -f "$data/nginx.pid" ] && kill "$(cat "$data/nginx.pid")" 2>/dev/null; rm -rf "$data"' EXIT

"$build/cvdhub" serve --listen "127.0.0.1:$port" --data "$data/store" --demo --threads 2 > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# The multi-vendor demo advisory, as an anonymous reader in Japanese sees it.
id=$(curl -fs "http://127.0.0.1:$port/api/v1/advisories" | grep -o '"identifier":"JVNVU#[0-9]*"' | head -1 | cut -d'"' -f4)
path="/advisories/$(printf '%s' "$id" | sed 's/#/%23/')"
mkdir -p "$data/www"
curl -fs -H 'Accept-Language: ja' "http://127.0.0.1:$port$path" > "$data/www/advisory.html"
echo "advisory $id: $(wc -c < "$data/www/advisory.html") bytes"

cat > "$data/nginx.conf" <<CONF
worker_processes 2;
pid $data/nginx.pid;
error_log $data/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type text/html;
  server {
    listen 127.0.0.1:$nginx_port;
    root $data/www;
    location / { try_files /advisory.html =404; }
  }
}
CONF
"$nginx_bin" -c "$data/nginx.conf" -p "$data"
sleep 0.3

echo "== nginx: the same bytes as a static file =="
wrk -t2 -c64 -d"$duration" --latency -H 'Accept-Language: ja' "http://127.0.0.1:$nginx_port$path"
echo "== cvdhub: GET $path =="
wrk -t2 -c64 -d"$duration" --latency -H 'Accept-Language: ja' "http://127.0.0.1:$port$path"
